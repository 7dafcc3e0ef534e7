/**
 * Which part of a job this process runs: `--shard i/n` (1-based, as `node --test-shard`), or
 * `--shard env`, where the scheduler says: a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, 0-based),
 * a Slurm job array (SLURM_ARRAY_TASK_ID from SLURM_ARRAY_TASK_MIN in steps of
 * SLURM_ARRAY_TASK_STEP, SLURM_ARRAY_TASK_COUNT tasks), an AWS Batch array job
 * (AWS_BATCH_JOB_ARRAY_INDEX, 0-based) or GNU parallel's job sequence number {#} (PARALLEL_SEQ,
 * 1-based). No cluster code of our own: the scheduler starts the processes, merge joins them.
 */
import { InputError } from '../util/errors.js';

export interface ShardSpec {
  /** 1-based */
  index: number;
  count: number;
  /** where index and count came from, for messages */
  source: string;
}

const INT = /^\s*(\d{1,9})\s*$/;

function int(v: string | undefined, what: string): number {
  const m = v === undefined ? null : INT.exec(v);
  if (!m)
    throw new InputError(`--shard env: ${what} is ${v === undefined ? 'not set' : `'${v}'`}; expected a whole number`);
  return Number(m[1]);
}

function check(index: number, count: number, source: string): ShardSpec {
  if (!(count >= 1)) throw new InputError(`--shard: ${source} gives ${count} shards; expected at least 1`);
  if (!(index >= 1 && index <= count))
    throw new InputError(`--shard: ${source} gives shard ${index} of ${count}; expected 1 to ${count}`);
  return { index, count, source };
}

/** the count from --shard-count, checked against the scheduler's own count when it has one */
function countOf(given: number | undefined, scheduler: number | undefined, name: string): number {
  if (given !== undefined && scheduler !== undefined && given !== scheduler)
    throw new InputError(
      `--shard-count ${given} contradicts ${name}=${scheduler}; leave out --shard-count or correct it`,
    );
  const n = given ?? scheduler;
  if (n === undefined)
    throw new InputError(`--shard env: ${name} is not set, so the number of shards is unknown; give --shard-count <n>`);
  return n;
}

/** `--shard i/n` or `--shard env` (+ `--shard-count n`) with the process environment */
export function parseShard(value: string, shardCount: string | undefined, env: NodeJS.ProcessEnv): ShardSpec {
  let given: number | undefined;
  if (shardCount !== undefined) {
    const m = INT.exec(shardCount);
    if (!m || Number(m[1]) < 1)
      throw new InputError(`--shard-count ${shardCount}: expected a whole number of shards, at least 1`);
    given = Number(m[1]);
  }
  const v = value.trim();
  if (v !== 'env') {
    const m = /^(\d{1,9})\/(\d{1,9})$/.exec(v);
    if (!m)
      throw new InputError(
        `--shard ${value}: expected i/n (1-based, e.g. 2/8) or env (the scheduler's index: Kubernetes, Slurm, AWS Batch, GNU parallel)`,
      );
    if (given !== undefined && given !== Number(m[2]))
      throw new InputError(`--shard ${value} contradicts --shard-count ${given}; give one of them`);
    return check(Number(m[1]), Number(m[2]), `--shard ${value}`);
  }
  const set = (k: string) => env[k] !== undefined && env[k] !== '';
  if (set('JOB_COMPLETION_INDEX')) {
    const i = int(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX');
    const n = countOf(
      given,
      set('JOB_COMPLETIONS') ? int(env.JOB_COMPLETIONS, 'JOB_COMPLETIONS') : undefined,
      'JOB_COMPLETIONS',
    );
    return check(i + 1, n, `JOB_COMPLETION_INDEX=${i} (Kubernetes Indexed Job, 0-based)`);
  }
  if (set('SLURM_ARRAY_TASK_ID')) {
    const id = int(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID');
    const min = set('SLURM_ARRAY_TASK_MIN') ? int(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN') : 0;
    const step = set('SLURM_ARRAY_TASK_STEP') ? int(env.SLURM_ARRAY_TASK_STEP, 'SLURM_ARRAY_TASK_STEP') : 1;
    const n = countOf(
      given,
      set('SLURM_ARRAY_TASK_COUNT') ? int(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT') : undefined,
      'SLURM_ARRAY_TASK_COUNT',
    );
    if (step < 1 || id < min || (id - min) % step !== 0)
      throw new InputError(
        `--shard env: SLURM_ARRAY_TASK_ID=${id} is not SLURM_ARRAY_TASK_MIN=${min} plus a multiple of SLURM_ARRAY_TASK_STEP=${step}; ` +
          'submit a plain range such as --array=1-8 (or 0-7)',
      );
    return check((id - min) / step + 1, n, `SLURM_ARRAY_TASK_ID=${id} (Slurm array from ${min})`);
  }
  if (set('AWS_BATCH_JOB_ARRAY_INDEX')) {
    const i = int(env.AWS_BATCH_JOB_ARRAY_INDEX, 'AWS_BATCH_JOB_ARRAY_INDEX');
    const n = countOf(
      given,
      set('AWS_BATCH_JOB_ARRAY_SIZE') ? int(env.AWS_BATCH_JOB_ARRAY_SIZE, 'AWS_BATCH_JOB_ARRAY_SIZE') : undefined,
      'AWS_BATCH_JOB_ARRAY_SIZE',
    );
    return check(i + 1, n, `AWS_BATCH_JOB_ARRAY_INDEX=${i} (AWS Batch array, 0-based)`);
  }
  if (set('PARALLEL_SEQ')) {
    const i = int(env.PARALLEL_SEQ, 'PARALLEL_SEQ');
    if (given === undefined)
      throw new InputError(
        '--shard env: PARALLEL_SEQ (GNU parallel) is set but the number of shards is not; give --shard-count <n>',
      );
    return check(i, given, `PARALLEL_SEQ=${i} (GNU parallel {#}, 1-based)`);
  }
  throw new InputError(
    '--shard env: none of JOB_COMPLETION_INDEX (Kubernetes), SLURM_ARRAY_TASK_ID (Slurm), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) ' +
      'or PARALLEL_SEQ (GNU parallel) is set; give --shard i/n',
  );
}
