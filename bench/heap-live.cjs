// Live heap by allocating function at a stage mark (issue 13 round 14: what a province holds). A preload:
//   LIFECIRCLE_SAME_THREAD=1 LIFECIRCLE_TIMING=1 HEAP_AT='job: service shares' HEAP_OUT=live.heapprofile \
//     node -r ./bench/heap-live.cjs bin/lifecircle.js run job.yaml -q
// samples allocations (HeapProfiler, 32 KB interval) and, when the [rss] line of that mark is printed, collects
// garbage and writes the sampling profile of what is still alive (open it in Chrome DevTools' Memory tab, or sum
// selfSize by callFrame). The command must run on this thread (LIFECIRCLE_SAME_THREAD=1) for the profile to see it.
const inspector = require('node:inspector');
const fs = require('node:fs');
const s = new inspector.Session();
s.connect();
s.post('HeapProfiler.enable');
s.post('HeapProfiler.startSampling', { samplingInterval: 32768 });
const at = process.env.HEAP_AT || 'job: service shares';
const w = process.stderr.write.bind(process.stderr);
let done = false;
process.stderr.write = (chunk, ...rest) => {
  const r = w(chunk, ...rest);
  if (!done && typeof chunk === 'string' && chunk.includes(`[rss] ${at}`)) {
    done = true;
    s.post('HeapProfiler.collectGarbage');
    s.post('HeapProfiler.getSamplingProfile', (err, res) => {
      if (err) {
        w(String(err));
        return;
      }
      fs.writeFileSync(process.env.HEAP_OUT || 'live.heapprofile', JSON.stringify(res.profile));
      w('[heaplive] written\n');
    });
  }
  return r;
};
