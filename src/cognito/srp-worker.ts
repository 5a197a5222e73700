import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { Ephemeral, ephemeralOf, premasterSecret, randomPrivateKey, SPARE_EPHEMERALS } from './srp-group';
import type { SrpJob, SrpJobResult } from './srp-arithmetic';

/**
 * Sign-in arithmetic yields to request handling: on Linux a nice value is per thread, so this lowers
 * this worker alone (elsewhere it would lower the whole process, so it is left alone there). At the
 * event loop's priority, a modexp delays whatever else wakes on that core, which the bench's p99 ratio
 * beside sign-in loops shows (docs/benchmark.md).
 */
const WORKER_NICE = 19;
if (process.platform === 'linux') setPriority(WORKER_NICE);

/** Key pairs drawn while idle, one per turn of the loop, so that a job that arrives waits for one at most. */
const stock: Ephemeral[] = [];
let drawing = false;
const freshEphemeral = (): Ephemeral => ephemeralOf(randomPrivateKey());

function drawSpares(): void {
  if (drawing || stock.length >= SPARE_EPHEMERALS) return;
  drawing = true;
  setImmediate(() => {
    drawing = false;
    stock.push(freshEphemeral());
    drawSpares();
  });
}

const spares = (count: number): Ephemeral[] =>
  Array.from({ length: count }, () => stock.shift() ?? freshEphemeral());

/** The SRP client's worker thread (srp-arithmetic.ts): one job at a time, answered by id. */
parentPort?.on('message', (job: SrpJob) => {
  let answer: SrpJobResult;
  try {
    switch (job.kind) {
      case 'ephemeral':
        answer = { id: job.id, value: job.a === undefined ? spares(1)[0] : ephemeralOf(job.a) };
        break;
      case 'spares':
        answer = { id: job.id, spares: spares(job.spares) };
        break;
      case 'premaster':
        answer = { id: job.id, value: premasterSecret(job.B, job.x, job.e), spares: spares(job.spares) };
        break;
    }
  } catch (error) {
    answer = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
  drawSpares();
});
drawSpares();
