import { AdminAddUserToGroupCommand, CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import fc from 'fast-check';
import { createUser, nextSecond, signIn, TokenSet, uniqueUsername } from '../support/auth-helpers';
import {
  ApiOperation,
  contractViolation,
  describeCase,
  FuzzCase,
  fuzzCase,
  NamePools,
  operationsOf,
} from '../support/fuzz';
import { Gateway, HttpResult, useStack } from '../support/harness';
import { watchProcessFailures } from '../support/processes';

/** Replay a failure with FUZZ_SEED=<seed printed in the test name and in fast-check's report>. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const BATCH = 10;
const RUNS = 200;
/** Not among the generator's passwords: a fuzzed change-password can never guess it. */
const PRINCIPAL_PASSWORD = 'Pr1ncipal#Fuzz!';

/**
 * A signed-in caller; signed in again (after a second, for the same-second revocation rule) when revoked,
 * and made again first when a fuzzed DELETE /auth/me deleted them.
 */
class Principal {
  private refreshing?: Promise<void>;

  constructor(
    private readonly gateway: Gateway,
    readonly username: string,
    public tokens: TokenSet,
    private readonly failures: string[],
    private readonly recreate: () => Promise<void>,
  ) {}

  revoked(): void {
    this.refreshing ??= (async () => {
      await nextSecond();
      this.tokens = await signIn(this.gateway, this.username, PRINCIPAL_PASSWORD).catch(async () => {
        await this.recreate();
        return signIn(this.gateway, this.username, PRINCIPAL_PASSWORD);
      });
    })()
      .catch((e: unknown) => void this.failures.push(`re-sign-in of ${this.username}: ${String(e)}`))
      .finally(() => (this.refreshing = undefined));
  }

  settled(): Promise<void> {
    return this.refreshing ?? Promise.resolve();
  }
}

describe(`OpenAPI-driven fuzz: ${BATCH * RUNS} cases, 0 5xx, contract 4xx bodies (seed ${SEED})`, () => {
  let operations: ApiOperation[];
  let admin: Principal;
  let users: Principal[];
  const failures: string[] = [];
  const watcher = watchProcessFailures();
  const stack = useStack();

  async function principal(prefix: string, groups: string[] = []): Promise<Principal> {
    const username = uniqueUsername(prefix);
    const make = async () => {
      await createUser(stack.cognito, username, { permanentPassword: PRINCIPAL_PASSWORD });
      for (const group of groups) {
        await stack.sdk.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: stack.cognito.userPoolId,
            Username: username,
            GroupName: group,
          }),
        );
      }
    };
    await make();
    return new Principal(
      stack.gateway,
      username,
      await signIn(stack.gateway, username, PRINCIPAL_PASSWORD),
      failures,
      make,
    );
  }

  beforeAll(async () => {
    operations = operationsOf((await stack.gateway.get('/docs-json')).body);
    admin = await principal('fuzz-admin', ['admin']);
    users = [await principal('fuzz-user'), await principal('fuzz-user'), await principal('fuzz-user')];
  }, 60_000);

  afterAll(() => watcher.stop());

  it('every generated request gets a contract answer and the server stays up', async () => {
    const names: NamePools = {
      usernames: [],
      groups: ['admin', 'fuzz-editors', 'fuzz-readers'],
      passwords: ['Str0ng#Passw0rd', 'Temp#Passw0rd1', 'short'],
    };
    for (let i = 0; i < 4; i++)
      names.usernames.push((await createUser(stack.cognito, uniqueUsername('victim'))).username);
    for (const group of names.groups.slice(1)) {
      await stack.sdk.send(
        new CreateGroupCommand({ UserPoolId: stack.cognito.userPoolId, GroupName: group }),
      );
    }

    let sent = 0;
    let nth = 0;
    const statuses = new Map<string, Map<number, number>>();
    const send = async (c: FuzzCase): Promise<HttpResult> => {
      const who =
        c.caller === 'admin' ? admin : c.caller === 'user' ? users[nth++ % users.length] : undefined;
      const headers: Record<string, string> = {};
      if (c.body?.contentType) headers['content-type'] = c.body.contentType;
      if (c.withIdToken) headers['x-id-token'] = who?.tokens.idToken ?? 'not.an.idtoken';
      if (c.caller === 'garbage') headers.authorization = 'Bearer garbage.token.value';
      const res = await stack.gateway.request(c.method, c.url, {
        rawBody: c.body?.text,
        headers,
        token: who?.tokens.accessToken,
      });
      sent++;
      const byStatus = statuses.get(c.operationId) ?? new Map<number, number>();
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      statuses.set(c.operationId, byStatus);
      if (who && res.body?.code === 'TOKEN_REVOKED') who.revoked();
      return res;
    };

    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fuzzCase(operations, names), { minLength: BATCH, maxLength: BATCH }),
        async (batch) => {
          const answers = await Promise.all(batch.map(send));
          const broken = batch.flatMap((c, i) => {
            const violation = contractViolation(answers[i]);
            return violation
              ? [
                  `${describeCase(c)}\n  → ${answers[i].status} ${answers[i].text.slice(0, 300)}: ${violation}`,
                ]
              : [];
          });
          if (broken.length > 0) throw new Error(broken.join('\n'));
        },
      ),
      // Shrinking would replay requests against a server whose state has moved on; the seed replays the run.
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const seconds = (Date.now() - started) / 1000;
    await Promise.all([admin, ...users].map((p) => p.settled()));

    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(failures).toEqual([]);
    expect(watcher.failures).toEqual([]);
    // Every operation was fuzzed, and every one got past the guards at least once.
    const starved = operations
      .map((o) => o.operationId)
      .filter((id) => ![...(statuses.get(id)?.keys() ?? [])].some((s) => s !== 401 && s !== 403));
    expect(starved).toEqual([]);
    const all = [...statuses.values()].flatMap((m) => [...m.entries()]);
    const count = (test: (s: number) => boolean) =>
      all.filter(([s]) => test(s)).reduce((n, [, k]) => n + k, 0);
    expect(count((s) => s >= 200 && s < 300)).toBeGreaterThan(50);
    expect(count((s) => s === 400)).toBeGreaterThan(500);
    process.stdout.write(`fuzz: ${sent} requests in ${seconds.toFixed(1)} s, seed ${SEED}\n`);

    expect((await stack.gateway.get('/health/live')).status).toBe(200);
    // The last batches may have signed users[0] out (a fuzzed sign-out or revoke): that is TOKEN_REVOKED, and a
    // fresh sign-in must still be served.
    const last = await stack.gateway.get('/auth/session', { token: users[0].tokens.accessToken });
    if (last.status !== 200) expect(last.body?.code).toBe('TOKEN_REVOKED');
    users[0].revoked();
    await users[0].settled();
    expect(failures).toEqual([]);
    expect((await stack.gateway.get('/auth/session', { token: users[0].tokens.accessToken })).status).toBe(
      200,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 180_000);
});
