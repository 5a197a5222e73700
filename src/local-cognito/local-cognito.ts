import * as cognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import type { Messages } from 'cognito-local/lib/services/messages';
import type { TokenGenerator } from 'cognito-local/lib/services/tokenGenerator';
import type { Triggers } from 'cognito-local/lib/services/triggers';
import { prepareModPow } from '../cognito/srp-group';
import { AuthEngine } from './auth-engine';
import { ChallengeAnswers } from './challenge-answers';
import { ChallengeSessions } from './challenge-sessions';
import { ChoiceSignIn } from './choice-sign-in';
import { CognitoErrors } from './errors';
import type { Fidelity, Handler } from './fidelity';
import { JwtSigner } from './jwt';
import { type LocalCognitoMessage, messageService, printMessage } from './messages';
import { ownKeyStores } from './own-key-store';
import { PasskeyStore } from './passkey-store';
import { Passkeys } from './passkeys';
import { LOCAL_COGNITO_REGION, seedAdmin, SeededPool, seedFiles, type AdminPassword } from './seed';
import { SignInLockout } from './sign-in-lockout';
import { SignInProgress } from './sign-in-progress';
import { SignInSessionStore } from './sign-in-sessions';
import { fidelityTargets } from './targets';
import { TokenService } from './token-service';

export interface LocalCognitoOptions {
  /** Absolute path; created if missing; data survives restarts (the seeded pool/client/admin are reused). */
  dataDir: string;
  /** Default 0 = a random free port. */
  port?: number;
  /** Default '127.0.0.1'. Only loopback addresses are accepted. */
  host?: string;
  /** Default 'admin'. */
  adminGroup?: string;
  /** Default 'admin'. */
  adminUsername?: string;
  /** When absent on first seed, one satisfying the default policy is generated (see generatedAdminPassword). */
  adminPassword?: string;
  /** Default: prints a readable line to stdout including the code. */
  onMessage?: (m: LocalCognitoMessage) => void;
  /** cognito-local's own logger; default 'silent'. */
  logLevel?: 'silent' | 'info' | 'debug';
}

export interface LocalCognito {
  endpoint: string;
  region: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUri: string;
  adminUsername: string;
  /** Set on the first start only, when no password was given. */
  generatedAdminPassword?: string;
  /** The admin's password as the pool holds it now (it may have been changed since). */
  adminPassword: AdminPassword;
  messages: LocalCognitoMessage[];
  lastCode(username: string): string | undefined;
  setClockOffset(ms: number): void;
  close(): Promise<void>;
}

const ISSUER_DOMAIN = `https://cognito-idp.${LOCAL_COGNITO_REGION}.amazonaws.com`;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** The pino logger type of cognito-local's own pino (a different major than the app's). */
type CognitoLocalLogger = Parameters<typeof import('cognito-local/lib/server/server').createServer>[1];

type CognitoLocal = Awaited<ReturnType<typeof loadCognitoLocal>>;

/** The emulator's clock; tests move it forward to expire codes and sessions. */
class ShiftableClock {
  offsetMs = 0;
  readonly nowMs = (): number => Date.now() + this.offsetMs;
  readonly get = (): Date => new Date(this.nowMs());
}

/**
 * Starts cognito-local in-process with our fidelity targets in front of its Router, on a seeded pool
 * (AWS-format id and issuer, plain usernames, an app client, the admin group and user).
 * cognito-local is a devDependency: it is only loaded here, lazily.
 */
export async function startLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`local Cognito listens on loopback only, not on "${host}"`);
  if (!path.isAbsolute(options.dataDir)) throw new Error('local Cognito dataDir must be an absolute path');
  const adminUsername = options.adminUsername ?? 'admin';

  const lib = await loadCognitoLocal();
  const logger = cognitoLocalLogger(options.logLevel ?? 'silent');
  const ctx: Context = { logger };
  const clock = new ShiftableClock();
  const dbDir = path.join(options.dataDir, 'db');
  await fs.mkdir(dbDir, { recursive: true });
  const pool = await seedFiles(options.dataDir, dbDir);
  const config: Services['config'] = {
    LambdaClient: {},
    TriggerFunctions: {},
    UserPoolDefaults: { UsernameAttributes: [] },
    TokenConfig: { IssuerDomain: ISSUER_DOMAIN },
    ServerConfig: { port: options.port ?? 0, hostname: host, https: false, development: false },
  };
  const messages: LocalCognitoMessage[] = [];
  const fx = await buildFidelity(lib, ctx, {
    dbDir,
    dataDir: options.dataDir,
    config,
    clock,
    messages: messageService(messages, options.onMessage ?? printMessage),
  });
  const admin = await seedAdmin(ctx, fx.services, pool.userPoolId, {
    adminUsername,
    adminGroup: options.adminGroup ?? 'admin',
    adminPassword: options.adminPassword,
    now: clock.get(),
  });
  // Before listening: the server side of SRP would otherwise hold its first sign-in ~1.4 s.
  prepareModPow();
  const server = await listen(lib, logger, fx);
  const close = onceOnly(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await fx.signInSessions.close();
    await fx.passkeys.close();
  });
  return {
    ...connectionOf(server, host, options.port ?? 0, pool),
    adminUsername,
    ...(admin.source === 'generated' ? { generatedAdminPassword: admin.password } : {}),
    adminPassword: admin,
    messages,
    lastCode: (username) => [...messages].reverse().find((m) => m.username === username)?.code,
    setClockOffset: (ms) => {
      clock.offsetMs = ms;
    },
    close,
  };
}

async function loadCognitoLocal() {
  // aws-sdk v2 (a dependency of cognito-local) prints an end-of-support banner unless told not to.
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
  // Deep imports on purpose: the package root also loads aws-sdk v2 for Lambda triggers we don't use.
  const [server, router, target, cognitoService, userPoolService, stormDb, errors, key] = await Promise.all([
    import('cognito-local/lib/server/server'),
    import('cognito-local/lib/server/Router'),
    import('cognito-local/lib/targets/Target'),
    import('cognito-local/lib/services/cognitoService'),
    import('cognito-local/lib/services/userPoolService'),
    import('cognito-local/lib/services/dataStore/stormDb'),
    import('cognito-local/lib/errors'),
    import('cognito-local/lib/keys/cognitoLocal.private.json'),
  ]);
  return { server, router, target, cognitoService, userPoolService, stormDb, errors, key };
}

function cognitoLocalLogger(level: string): CognitoLocalLogger {
  const cognitoLocalRequire = createRequire(require.resolve('cognito-local/lib/server/server'));
  const pino = cognitoLocalRequire('pino') as (options: { level: string }) => CognitoLocalLogger;
  return pino({ level });
}

/** cognito-local's services on our data directory, and what our fidelity targets share on top of them. */
async function buildFidelity(
  lib: CognitoLocal,
  ctx: Context,
  parts: {
    dbDir: string;
    dataDir: string;
    config: Services['config'];
    clock: ShiftableClock;
    messages: Messages;
  },
): Promise<Fidelity> {
  const { clock } = parts;
  const nowMs = clock.nowMs;
  const dataStoreFactory = ownKeyStores(new lib.stormDb.StormDBDataStoreFactory(parts.dbDir));
  const cognito = await new lib.cognitoService.CognitoServiceFactoryImpl(
    parts.dbDir,
    dataStoreFactory,
    new lib.userPoolService.UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, parts.config.UserPoolDefaults);
  const errors = new CognitoErrors(lib.errors.CognitoError);
  const signInSessions = await SignInSessionStore.open(path.join(parts.dataDir, 'sessions.json'), () =>
    Math.floor(nowMs() / 1000),
  );
  const tokens = new TokenService({
    signer: new JwtSigner((lib.key as { pem: string }).pem),
    issuerDomain: ISSUER_DOMAIN,
    nowMs,
    sessions: signInSessions,
    errors,
    cognito,
  });
  const services: Services = {
    clock,
    cognito,
    config: parts.config,
    messages: parts.messages,
    otp: () => randomBytes(4).readUInt32BE(0).toString().slice(-6).padStart(6, '0'),
    tokenGenerator: tokenGenerator(cognito, tokens),
    triggers: noTriggers,
  };
  const challenges = new ChallengeSessions(nowMs);
  const progress = new SignInProgress({ services, errors, tokens, challenges });
  const lockout = new SignInLockout(nowMs);
  const auth = new AuthEngine({ services, errors, tokens, challenges, lockout }, progress);
  const passkeys = new Passkeys({
    errors,
    store: await PasskeyStore.open(path.join(parts.dataDir, 'passkeys.json')),
    nowMs,
  });
  return {
    services,
    original: originalHandlers(lib, services),
    errors,
    tokens,
    challenges,
    signInSessions,
    nowMs,
    auth,
    answers: new ChallengeAnswers({ errors, challenges, nowMs }, auth, progress),
    choice: new ChoiceSignIn({ services, errors, challenges, passkeys }, auth, progress),
    passkeys,
  };
}

/** cognito-local's own token paths (hosted-UI routes) also get Cognito-shaped tokens with a live session. */
function tokenGenerator(cognito: Services['cognito'], tokens: TokenService): TokenGenerator {
  return {
    generate: async (ctx, user, _groups, client) => {
      const pool = await cognito.getUserPool(ctx, client.UserPoolId);
      const result = await tokens.signIn(ctx, pool, client, user);
      return {
        AccessToken: result.AccessToken!,
        IdToken: result.IdToken!,
        RefreshToken: result.RefreshToken!,
      };
    },
  };
}

/** cognito-local's handler for a target, made once on first use. */
function originalHandlers(lib: CognitoLocal, services: Services): (target: string) => Handler {
  const baseRouter = lib.router.Router(services);
  const originals = new Map<string, Handler>();
  return (target) => {
    let route = originals.get(target);
    if (!route) originals.set(target, (route = baseRouter(target) as Handler));
    return route;
  };
}

/**
 * cognito-local's HTTP server, with our targets in front of its own. What neither implements gets a 400
 * in Cognito's shape: cognito-local answers it with a 500, which SDKs and Amplify retry.
 */
async function listen(lib: CognitoLocal, logger: CognitoLocalLogger, fx: Fidelity): Promise<Server> {
  const ours = fidelityTargets(fx);
  const router = (target: string): Handler => {
    // hasOwn: a target named like an Object.prototype member (`constructor`) is no handler of ours.
    const own = Object.hasOwn(ours, target);
    const route = own ? ours[target] : fx.original(target);
    return async (ctx, req) => {
      try {
        return await route(ctx, req);
      } catch (e) {
        if (!(e instanceof lib.errors.UnsupportedError)) throw e;
        // An operation we or cognito-local implement refused one of its features: say which.
        const implemented = own || lib.target.isSupportedTarget(target);
        throw fx.errors.notImplemented(
          target,
          `${target}Command` in cognitoSdk,
          implemented ? e.message : undefined,
        );
      }
    };
  };
  return lib.server
    .createServer(
      router as ReturnType<typeof lib.router.Router>,
      logger,
      fx.services.config.ServerConfig,
      fx.services,
    )
    .start();
}

function connectionOf(server: Server, host: string, requestedPort: number, pool: SeededPool) {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : requestedPort;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    endpoint,
    region: LOCAL_COGNITO_REGION,
    userPoolId: pool.userPoolId,
    clientId: pool.clientId,
    issuer: `${ISSUER_DOMAIN}/${pool.userPoolId}`,
    jwksUri: `${endpoint}/${pool.userPoolId}/.well-known/jwks.json`,
  };
}

/** Every call after the first gets the first call's promise. */
function onceOnly(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

const notConfigured = () =>
  Promise.reject(new Error('Lambda triggers are not available in the local Cognito'));
const noTriggers = {
  enabled: () => false,
  customMessage: notConfigured,
  customEmailSender: notConfigured,
  postAuthentication: notConfigured,
  postConfirmation: notConfigured,
  preSignUp: notConfigured,
  preTokenGeneration: notConfigured,
  userMigration: notConfigured,
} as unknown as Triggers;
