/** How long and how many: `--smoke` runs every measure once, briefly, so that CI keeps the bench working. */
export const SMOKE = process.argv.includes('--smoke');
/** `--only=redis` runs only the Redis measures (replica throughput and propagation), e.g. after a change there. */
export const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);

export const plan = SMOKE
  ? {
      loadSeconds: 1,
      loadRounds: 1,
      rounds: 1,
      warmUpSeconds: 1,
      signInWarmUpSeconds: 1,
      connections: 16,
      signIns: 10,
      librarySignIns: 3,
      latencySamples: 20,
      latencySeconds: 1,
      routeRequests: 5,
      propagationTrials: 3,
    }
  : {
      // Short turns: a shared machine's speed drifts within seconds, and only turns finer than the drift share it.
      loadSeconds: 3,
      loadRounds: 5,
      rounds: 3,
      warmUpSeconds: 3,
      // Until a few thousand sign-ins, much of Node's HTTP, Fastify and Nest code still runs unoptimised.
      signInWarmUpSeconds: 8,
      connections: 32,
      signIns: 200,
      librarySignIns: 30,
      latencySamples: 300,
      latencySeconds: 5,
      routeRequests: 200,
      propagationTrials: 30,
    };
