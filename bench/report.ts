/** The bench's printed tables: the four ratios against their targets, then what is reported only. */

export interface Ratios {
  /** Guarded GET /auth/session ÷ unguarded GET /health/live, req/s on the same server. */
  guard: { ratio: number; session: number; live: number };
  /** Gateway CPU per sign-in ÷ identity-js's authenticateUser, ms, per flow. */
  signInCpu: Record<'password' | 'srp', { ratio: number; gateway: number; library: number }>;
  /** Sign-in p50 overhead over a direct InitiateAuth: the gateway's ÷ the bare proxy's, ms. */
  overhead: { ratio: number; gateway: number; bareProxy: number; direct: number };
  /** p99 of /auth/session at a fixed rate with 4 sign-in loops on the same gateway ÷ alone, ms. */
  p99: { ratio: number; withSignIns: number; alone: number; rate: number; sideSignIns: number };
}

interface Row {
  measure: string;
  value: string;
  target: string;
  pass?: boolean;
}

const f = (n: number, digits = 2) => n.toFixed(digits);
/** 1/30 reads better than 0.033. */
const oneIn = (ratio: number) => `1/${f(1 / ratio, 0)}`;

/** Without a positive bare-proxy overhead to divide by (the machine's noise exceeded it), no ratio. */
function overheadRow(o: Ratios['overhead']): Row {
  const [gateway, bareProxy] = [o.gateway - o.direct, o.bareProxy - o.direct];
  const measured = bareProxy > 0;
  return {
    measure: 'sign-in p50 overhead over direct InitiateAuth: gateway ÷ bare proxy',
    value: `${measured ? f(o.ratio) : 'n/a'} (${f(gateway, 3)} / ${f(bareProxy, 3)} ms)`,
    target: '≤ 1.25',
    pass: measured ? o.ratio <= 1.25 : undefined,
  };
}

export function ratioRows(r: Ratios, rssMb: number): Row[] {
  const cpuRow = (flow: 'password' | 'srp', label: string): Row => ({
    measure: `CPU per sign-in, ${label}: gateway ÷ identity-js authenticateUser`,
    value: `${oneIn(r.signInCpu[flow].ratio)} (${f(r.signInCpu[flow].gateway)} / ${f(r.signInCpu[flow].library)} ms)`,
    target: '≤ 1/30',
    pass: r.signInCpu[flow].ratio <= 1 / 30,
  });
  return [
    {
      measure: 'req/s: guarded GET /auth/session ÷ unguarded GET /health/live',
      value: `${f(r.guard.ratio)} (${f(r.guard.session, 0)} / ${f(r.guard.live, 0)})`,
      target: '≥ 0.85',
      pass: r.guard.ratio >= 0.85,
    },
    cpuRow('password', 'password flow'),
    cpuRow('srp', 'SRP flow'),
    overheadRow(r.overhead),
    {
      measure: `p99 GET /auth/session at ${r.p99.rate}/s: beside 4 sign-in loops ÷ alone`,
      value: `${f(r.p99.ratio)} (${f(r.p99.withSignIns, 3)} / ${f(r.p99.alone, 3)} ms, ${r.p99.sideSignIns} sign-ins)`,
      target: '≤ 2',
      pass: r.p99.ratio <= 2,
    },
    { measure: 'gateway RSS after the run, MB', value: f(rssMb, 0), target: '(reported)' },
  ];
}

/** With REDIS_URL against without: the replica's cost on the hot path, and how fast a revocation spreads. */
export interface RedisRatios {
  /** Guarded GET /auth/session req/s: a gateway with REDIS_URL ÷ one without (SQLite store), same run. */
  throughput: { ratio: number; withRedis: number; withoutRedis: number };
  /**
   * ms from instance A's answer to POST /auth/revoke until instance B's first 401 (0: B refused first);
   * includes up to one of B's poll round trips, whose p50 is `pollP50`.
   */
  propagation: { p50: number; max: number; pollP50: number; trials: number };
}

export function redisRows(r: RedisRatios): Row[] {
  return [
    {
      measure: 'req/s guarded GET /auth/session: with REDIS_URL ÷ without',
      value: `${f(r.throughput.ratio)} (${f(r.throughput.withRedis, 0)} / ${f(r.throughput.withoutRedis, 0)})`,
      target: '≥ 0.9',
      pass: r.throughput.ratio >= 0.9,
    },
    {
      measure: `revocation on instance A refused by instance B after, ms (p50 / max of ${r.propagation.trials})`,
      value: `${f(r.propagation.p50, 1)} / ${f(r.propagation.max, 1)} (poll ${f(r.propagation.pollP50, 1)} ms)`,
      target: '< 100',
      pass: r.propagation.max < 100,
    },
  ];
}

export function routeRows(
  routes: { method: string; path: string; cpuUs: number; statuses: number[] }[],
): Row[] {
  return routes.map(({ method, path, cpuUs, statuses }) => ({
    measure: `gateway CPU µs per ${method} ${path}${method === 'POST' ? ', made-up input' : ''} (answered ${statuses.join(', ')})`,
    value: f(cpuUs, 0),
    target: '(reported)',
  }));
}

export function printTable(rows: Row[]): void {
  const width = Math.max(...rows.map((row) => row.measure.length));
  const valueWidth = Math.max(5, ...rows.map((row) => row.value.length));
  process.stdout.write(`\n${'measure'.padEnd(width)}  ${'value'.padEnd(valueWidth)}  target\n`);
  for (const { measure, value, target, pass } of rows) {
    const verdict = pass === undefined ? '' : pass ? '  pass' : '  MISS';
    process.stdout.write(`${measure.padEnd(width)}  ${value.padEnd(valueWidth)}  ${target}${verdict}\n`);
  }
}
