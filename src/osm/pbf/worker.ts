/** Worker thread: inflate + decode PBF data blobs, transferring the typed arrays back. */
import { parentPort } from 'node:worker_threads';
import { blockTransferList } from '../block.js';
import { inflateBlob } from './blob.js';
import { decodePrimitiveBlock } from './decode-block.js';

parentPort!.on('message', (msg: { seq: number; blob: Uint8Array }) => {
  try {
    const block = decodePrimitiveBlock(inflateBlob(msg.blob));
    parentPort!.postMessage({ seq: msg.seq, block }, blockTransferList(block));
  } catch (e) {
    parentPort!.postMessage({ seq: msg.seq, error: (e as Error).message });
  }
});
