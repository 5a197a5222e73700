/**
 * The bench's "4 sign-in loops", in a process of their own: in the bench's process, their client-side
 * work (fetch, JSON) delayed the reading of /auth/session responses and was counted as the gateway's
 * latency. Forked by bench/processes.ts in the background (see BACKGROUND there), which sends
 * `{ run: url }` to start the loops against a gateway and `{ pause: true }` to stop them; each pause is
 * answered with the number of sign-ins completed since the last run.
 */
import { signInThroughGateway } from './sign-in';

const [loops = '4'] = process.argv.slice(2);
let running = false;
let current: Promise<number> = Promise.resolve(0);

async function signInLoops(url: string): Promise<number> {
  let signIns = 0;
  await Promise.all(
    Array.from({ length: Number(loops) }, async () => {
      while (running) {
        await signInThroughGateway(url);
        signIns++;
      }
    }),
  );
  return signIns;
}

process.on('message', (message: { run?: string; pause?: boolean }) => {
  if (message.run && !running) {
    running = true;
    // A failed sign-in ends the process at once; the bench sees it end and fails.
    current = signInLoops(message.run).catch((error: unknown) => {
      process.stderr.write(
        `[bench] sign-in loop failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    });
  } else if (message.pause) {
    running = false;
    void current.then((signIns) => process.send?.({ signIns }));
  }
});
process.on('disconnect', () => process.exit(0));
// Compiled and loaded: the bench may start the loops now.
process.send?.('ready');
