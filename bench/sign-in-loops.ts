/**
 * The bench's "4 sign-in loops", in a process of their own: in the bench's process, their client-side
 * work (fetch, JSON) delayed autocannon's reading of /auth/session responses and was counted as the
 * gateway's latency. Runs until SIGTERM, then prints how many sign-ins it completed.
 * Forked by bench.ts, which lowers its priority (see BACKGROUND_PRIORITY there).
 */
import { signInThroughGateway } from './sign-in';

const [url, loops = '4'] = process.argv.slice(2);
let running = true;
let signIns = 0;
process.once('SIGTERM', () => (running = false));

// Compiled and loaded: the bench starts measuring now.
process.send?.('started');
Promise.all(
  Array.from({ length: Number(loops) }, async () => {
    while (running) {
      await signInThroughGateway(url);
      signIns++;
    }
  }),
).then(
  () => process.stdout.write(`${signIns}\n`),
  (error: unknown) => {
    process.stderr.write(
      `[bench] sign-in loop failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
