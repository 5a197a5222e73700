import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MallocTrimmer } from './malloc-trimmer';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Leaves ~60 MB of freed C heap that glibc's free() cannot return by itself: 60 KB Buffers (below its
 * mmap threshold, so inside an arena), every 50th kept alive above the freed ones. The kept ones are
 * returned, for the caller to hold until it has measured.
 */
async function fragmentTheCHeap(): Promise<Buffer[]> {
  const blocks = Array.from({ length: 1000 }, (_, i) => Buffer.alloc(60_000 + i));
  const kept = blocks.filter((_, i) => i % 50 === 0);
  blocks.length = 0;
  gc();
  // V8 frees ArrayBuffer memory on a helper thread after the GC.
  await sleep(200);
  return kept;
}

describe('MallocTrimmer', () => {
  it('is available here: glibc, and npm ci built the native package (CI must not skip the rest)', () => {
    expect(new MallocTrimmer().available).toBe(true);
  });

  it('hands freed C heap pages back to the kernel', async () => {
    const trimmer = new MallocTrimmer();
    const kept = await fragmentTheCHeap();
    const before = process.memoryUsage.rss();

    expect(await trimmer.trim()).toBe(true);

    expect(before - process.memoryUsage.rss()).toBeGreaterThan(25e6);
    expect(kept).toHaveLength(20);
  });

  it('does not start a second trim while one runs', async () => {
    const trimmer = new MallocTrimmer();
    const kept = await fragmentTheCHeap();

    const [first, second] = await Promise.all([trimmer.trim(), trimmer.trim()]);

    expect([first, second]).toEqual([true, false]);
    expect(kept).toHaveLength(20);
  });

  it('leaves the app working where the optional native package is not installed', async () => {
    let Trimmer: typeof MallocTrimmer = MallocTrimmer;
    jest.isolateModules(() => {
      jest.doMock('@cognito-gateway/malloc-trim', () => {
        throw new Error("Cannot find module '@cognito-gateway/malloc-trim'");
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Trimmer = (require('./malloc-trimmer') as typeof import('./malloc-trimmer')).MallocTrimmer;
      jest.dontMock('@cognito-gateway/malloc-trim');
    });
    const trimmer = new Trimmer();

    expect(trimmer.available).toBe(false);
    expect(() => trimmer.onApplicationBootstrap()).not.toThrow();
    expect(await trimmer.trim()).toBe(false);
    trimmer.onApplicationShutdown();
  });

  it('trims on its own once the app has started, and stops when it shuts down', async () => {
    const trimmer = new MallocTrimmer();
    const kept = await fragmentTheCHeap();
    const before = process.memoryUsage.rss();

    trimmer.onApplicationBootstrap();
    await sleep(MallocTrimmer.INTERVAL_MS + 500);
    trimmer.onApplicationShutdown();

    expect(before - process.memoryUsage.rss()).toBeGreaterThan(25e6);
    expect(kept).toHaveLength(20);
  }, 15_000);
});
