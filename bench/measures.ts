/** The bench's measures, each over processes started by bench/processes.ts. */
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import autocannon from 'autocannon';
import { FixedRateResult, percentile } from './fixed-rate';
import { plan } from './plan';
import { cpuMsOf, Emulator } from './processes';
import { PASSWORD, signInThroughGateway, USERNAME } from './sign-in';
import { AUTHENTICATION_CREDENTIAL_EXAMPLE } from '../src/auth/dto/webauthn-examples';

/** CPU the gateway process spends per sign-in, over `plan.signIns` sequential sign-ins. */
async function cpuPerSignIn(url: string, pid: number): Promise<number> {
  const before = cpuMsOf(pid);
  for (let i = 0; i < plan.signIns; i++) await signInThroughGateway(url);
  return (cpuMsOf(pid) - before) / plan.signIns;
}

/**
 * Sign-in CPU of a gateway warmed by a few seconds of concurrent sign-ins: the steady state a deployed
 * gateway spends its life in, which the target is about.
 */
export async function gatewayCpuPerSignIn(url: string, pid: number): Promise<number> {
  const until = Date.now() + plan.signInWarmUpSeconds * 1000;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (Date.now() < until) await signInThroughGateway(url);
    }),
  );
  return cpuPerSignIn(url, pid);
}

/** The same sign-in done by amazon-cognito-identity-js's authenticateUser in this process. */
export async function libraryCpuPerSignIn(
  emulator: Emulator,
  flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH',
): Promise<number> {
  const pool = new CognitoUserPool({
    UserPoolId: emulator.userPoolId,
    ClientId: emulator.clientId,
    endpoint: emulator.endpoint,
  });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const user = new CognitoUser({ Username: USERNAME, Pool: pool });
      user.setAuthenticationFlowType(flow);
      user.authenticateUser(new AuthenticationDetails({ Username: USERNAME, Password: PASSWORD }), {
        onSuccess: () => resolve(),
        onFailure: reject,
      });
    });
  for (let i = 0; i < 3; i++) await once();
  const before = process.cpuUsage();
  for (let i = 0; i < plan.librarySignIns; i++) await once();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / plan.librarySignIns;
}

/** The sign-in's one unavoidable hop: InitiateAuth straight to Cognito, its answer parsed as a client would. */
export async function initiateAuthDirect(emulator: Emulator): Promise<void> {
  const response = await fetch(emulator.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: emulator.clientId,
      AuthParameters: { USERNAME, PASSWORD },
    }),
  });
  const body = (await response.json()) as { AuthenticationResult?: unknown };
  if (!response.ok || !body.AuthenticationResult) throw new Error(`InitiateAuth failed: ${response.status}`);
}

/**
 * p50 latency, ms, of sequential calls of each of `runs`, taking turns in rounds so that a drift of the
 * machine weighs on all alike.
 */
export async function p50sOf(runs: (() => Promise<unknown>)[]): Promise<number[]> {
  // Unmeasured first calls, alike for all: the client's own code (fetch) warms up too.
  for (const run of runs) for (let i = 0; i < plan.latencySamples / 3; i++) await run();
  const rounds = 5;
  const samples = runs.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [index, run] of runs.entries()) {
      for (let i = 0; i < plan.latencySamples / rounds; i++) {
        const start = process.hrtime.bigint();
        await run();
        samples[index].push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
  }
  return samples.map((values) =>
    percentile(
      values.sort((a, b) => a - b),
      0.5,
    ),
  );
}

export function load(
  url: string,
  headers: Record<string, string> = {},
  seconds = plan.loadSeconds,
): Promise<autocannon.Result> {
  return autocannon({ url, headers, connections: plan.connections, duration: seconds });
}

/** Requests per second over several runs: all their requests over all their time. */
export function perSecond(runs: autocannon.Result[]): number {
  const requests = runs.reduce((sum, run) => sum + run.requests.total, 0);
  const seconds = runs.reduce((sum, run) => sum + run.duration, 0);
  return requests / seconds;
}

/** The latencies of several fixed-rate runs together, sorted. */
export function pooled(runs: FixedRateResult[]): number[] {
  return runs.flatMap((run) => run.latenciesMs).sort((a, b) => a - b);
}

/**
 * Each public auth route with input of the right shape, which the gateway passes on and Cognito refuses:
 * what a stranger can make the gateway do. A route without a body is a GET (the password policy, answered
 * from the gateway's cache).
 */
const MADE_UP = 'AYABeCmadeUpSessionForTheBench0123456789';
export const PUBLIC_AUTH_ROUTES: { path: string; body?: object }[] = [
  { path: '/auth/sign-in', body: { username: 'nobody', password: 'Wr0ng#Passw0rd' } },
  {
    path: '/auth/challenges/new-password',
    body: { username: 'nobody', session: `NEW_PASSWORD_REQUIRED:${MADE_UP}`, newPassword: 'N3w#Passw0rd' },
  },
  {
    path: '/auth/challenges/mfa',
    body: { username: 'nobody', session: `SOFTWARE_TOKEN_MFA:${MADE_UP}`, code: '123456' },
  },
  { path: '/auth/refresh', body: { refreshToken: MADE_UP } },
  { path: '/auth/revoke', body: { refreshToken: MADE_UP } },
  { path: '/auth/forgot-password', body: { username: 'nobody' } },
  {
    path: '/auth/forgot-password/confirm',
    body: { username: 'nobody', code: '123456', newPassword: 'N3w#Passw0rd' },
  },
  {
    path: '/auth/sign-in/passwordless',
    body: { username: 'nobody', method: 'EMAIL_OTP' },
  },
  {
    path: '/auth/challenges/otp',
    body: { username: 'nobody', session: `EMAIL_OTP:${MADE_UP}`, code: '12345678' },
  },
  { path: '/auth/sign-in/passkey', body: { username: 'nobody' } },
  {
    path: '/auth/challenges/passkey',
    body: {
      username: 'nobody',
      session: `WEB_AUTHN:${MADE_UP}`,
      credential: AUTHENTICATION_CREDENTIAL_EXAMPLE,
    },
  },
  { path: '/auth/password-policy' },
];

/**
 * The gateway's CPU per request of `route`, µs, over `plan.routeRequests` sequential requests after as
 * many unmeasured ones; and the statuses it answered.
 */
export async function routeCpuUs(
  url: string,
  pid: number,
  route: { path: string; body?: object },
): Promise<{ cpuUs: number; statuses: number[] }> {
  const statuses = new Set<number>();
  const send = async () => {
    const response = await fetch(
      `${url}${route.path}`,
      route.body
        ? {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(route.body),
          }
        : {},
    );
    await response.arrayBuffer();
    statuses.add(response.status);
  };
  for (let i = 0; i < plan.routeRequests; i++) await send();
  const before = cpuMsOf(pid);
  for (let i = 0; i < plan.routeRequests; i++) await send();
  return { cpuUs: ((cpuMsOf(pid) - before) * 1000) / plan.routeRequests, statuses: [...statuses].sort() };
}
