import { promises as fs } from 'node:fs';

/** Changes within this long are written together. */
const COALESCE_MS = 50;

/**
 * The JSON file an emulator store keeps its state in, so that it survives a restart: read once when the
 * store opens, written back atomically (a temporary file renamed over it), once for the changes of the
 * last 50 ms, one write at a time, and at close.
 */
export class JsonFile<T> {
  private saveTimer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();

  /** `snapshot` gives what to write, at the moment of writing. */
  constructor(
    private readonly file: string,
    private readonly snapshot: () => T,
  ) {}

  /** The file's content, or undefined when there is no file yet. */
  static async read<T>(file: string): Promise<T | undefined> {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8')) as T;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return undefined;
    }
  }

  changed(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.queueWrite();
    }, COALESCE_MS);
  }

  async close(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.queueWrite();
    }
    await this.saving;
  }

  private queueWrite(): void {
    // A failed write is retried by the next change or by close().
    this.saving = this.saving.then(() => this.write()).catch(() => undefined);
  }

  private async write(): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(this.snapshot()));
    await fs.rename(tmp, this.file);
  }
}
