import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Ephemeral, SPARE_EPHEMERALS } from './srp-group';

/** `spares`: how many of the key pairs the worker drew ahead to send along with the answer. */
type SrpJobInput =
  | { kind: 'ephemeral'; a?: bigint }
  | { kind: 'spares'; spares: number }
  | { kind: 'premaster'; B: bigint; x: bigint; e: bigint; spares: number };
export type SrpJob = SrpJobInput & { id: number };
export type SrpJobResult = { id: number; value?: Ephemeral | bigint; error?: string; spares?: Ephemeral[] };

interface Pending {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
}

/**
 * The SRP client's modexps, on a worker thread of their own. On the event loop they held up every other
 * request, even cut into short turns (the bench's p99 ratio beside sign-in loops; docs/benchmark.md).
 * Here they run beside the loop, on another core when there is one. A sign-in costs one message each
 * way, because every message wakes a thread: its key pair is a spare already here, and the answer to its
 * claim brings the next spare along, which the worker drew while idle. The worker is started on first
 * use, restarted if it ever dies (the jobs it held fail), and keeps the process alive only while it has
 * work.
 */
export class SrpArithmetic {
  private current?: { worker: Worker; jobs: Map<number, Pending> };
  private nextId = 0;
  private spares: Ephemeral[] = [];
  private restocking?: Promise<void>;

  /**
   * Starts the worker and draws the spare key pairs now rather than at the first sign-in; resolves when
   * they are here (or the worker failed: the first sign-ins then ask for their own).
   */
  start(): Promise<void> {
    return this.restock();
  }

  /** Ends the worker; the jobs it held fail. */
  async stop(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.lost(current, new Error('SRP worker stopped'));
    await current.worker.terminate();
  }

  /** A fresh random key pair; each is handed out once. */
  async ephemeral(): Promise<Ephemeral> {
    const spare = this.spares.shift();
    // Sign-ins that end before their claim (an unknown user, say) bring no spare back.
    if (this.spares.length < SPARE_EPHEMERALS / 2) void this.restock();
    return spare ?? this.run<Ephemeral>({ kind: 'ephemeral' });
  }

  /** The key pair of a given private value (tests compare it with identity-js). */
  ephemeralOf(a: bigint): Promise<Ephemeral> {
    return this.run({ kind: 'ephemeral', a });
  }

  /** S = (B - k·g^x)^e mod N, where e = a + u·x (srp-group.ts, premasterSecret). */
  premasterSecret(B: bigint, x: bigint, e: bigint): Promise<bigint> {
    const spares = this.spares.length < SPARE_EPHEMERALS ? 1 : 0;
    return this.run({ kind: 'premaster', B, x, e, spares });
  }

  private restock(): Promise<void> {
    this.restocking ??= this.run({ kind: 'spares', spares: SPARE_EPHEMERALS - this.spares.length })
      // A restock that fails (its worker died) leaves the next sign-in to ask for its own key pair.
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => (this.restocking = undefined));
    return this.restocking;
  }

  private run<T>(job: SrpJobInput): Promise<T> {
    const { worker, jobs } = this.current ?? this.spawn();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (jobs.size === 0) worker.ref();
      jobs.set(id, { resolve, reject });
      worker.postMessage({ ...job, id });
    });
  }

  private spawn(): { worker: Worker; jobs: Map<number, Pending> } {
    // Under ts-node or jest this module is TypeScript, and so is the worker's entry beside it.
    const typescript = path.extname(__filename) === '.ts';
    const worker = new Worker(path.join(__dirname, typescript ? 'srp-worker.ts' : 'srp-worker.js'), {
      execArgv: typescript ? ['--require', 'ts-node/register/transpile-only'] : [],
      // A small heap: the worker holds a few numbers at a time (ts-node's compiler needs the default).
      resourceLimits: typescript ? {} : { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    const current = { worker, jobs: new Map<number, Pending>() };
    worker.unref();
    worker.on('message', (result: SrpJobResult) => {
      const job = current.jobs.get(result.id);
      if (!job) return;
      current.jobs.delete(result.id);
      if (current.jobs.size === 0) worker.unref();
      if (result.spares) this.spares.push(...result.spares);
      if (result.error === undefined) job.resolve(result.value as never);
      else job.reject(new Error(result.error));
    });
    worker.on('error', (error: Error) => this.lost(current, error));
    worker.on('exit', (code) => this.lost(current, new Error(`SRP worker exited (code ${code})`)));
    this.current = current;
    return current;
  }

  private lost(worker: { worker: Worker; jobs: Map<number, Pending> }, error: Error): void {
    if (this.current === worker) this.current = undefined;
    for (const job of worker.jobs.values()) job.reject(error);
    worker.jobs.clear();
  }
}

/** The process's one SRP worker. */
export const srpArithmetic = new SrpArithmetic();
