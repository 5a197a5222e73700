import { parentPort } from 'node:worker_threads';
import { ephemeralOf, premasterSecret, randomPrivateKey } from './srp-group';
import type { SrpJob, SrpJobResult } from './srp-arithmetic';

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
