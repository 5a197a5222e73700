import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { ephemeralOf, premasterSecret, randomPrivateKey } from './srp-group';
import type { SrpJob, SrpJobResult } from './srp-arithmetic';

/**
 * Sign-in arithmetic yields to request handling: on Linux a nice value is per thread, so this lowers
 * this worker alone (elsewhere it would lower the whole process, so it is left alone there). Measured
 * on 2 cores: at the event loop's priority, a 1.2 ms modexp delays whatever else wakes on that core,
 * and /auth/session's p99 beside 4 sign-in loops rose 1.42 and 3.55x in two bench runs; at nice 19,
 * 1.24, 1.61, 1.69 and 1.72x.
 */
const WORKER_NICE = 19;
if (process.platform === 'linux') setPriority(WORKER_NICE);

/** The SRP client's worker thread (srp-arithmetic.ts): one job at a time, answered by id. */
parentPort?.on('message', (job: SrpJob) => {
  let answer: SrpJobResult;
  try {
    const value =
      job.kind === 'ephemeral'
        ? ephemeralOf(job.a ?? randomPrivateKey())
        : premasterSecret(job.B, job.x, job.e);
    answer = { id: job.id, value };
  } catch (error) {
    answer = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
