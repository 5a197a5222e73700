import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import type { Messages } from 'cognito-local/lib/services/messages';
import type { TokenGenerator } from 'cognito-local/lib/services/tokenGenerator';
import type { Triggers } from 'cognito-local/lib/services/triggers';
import type { Group, User } from 'cognito-local/lib/services/userPoolService';
import { prepareModPow } from '../cognito/srp-group';
import { AuthEngine } from './auth-engine';
import { ChallengeSessions } from './challenge-sessions';
import { CognitoErrors } from './errors';
import type { Fidelity, Handler } from './fidelity';
import { JwtSigner } from './jwt';
import { ownKeyStores } from './own-key-store';
import { DEFAULT_PASSWORD_POLICY, generatePassword } from './password-policy';
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

export interface LocalCognitoMessage {
  operation: string;
  username: string;
  destination?: string;
  code: string;
}

export interface LocalCognito {
  endpoint: string;
  region: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUri: string;
  adminUsername: string;
  generatedAdminPassword?: string;
  messages: LocalCognitoMessage[];
  lastCode(username: string): string | undefined;
  setClockOffset(ms: number): void;
  close(): Promise<void>;
}

export const LOCAL_COGNITO_REGION = 'us-east-1';
const ISSUER_DOMAIN = `https://cognito-idp.${LOCAL_COGNITO_REGION}.amazonaws.com`;
const DEFAULT_USER_POOL_ID = `${LOCAL_COGNITO_REGION}_LocalPool1`;
const META_FILE = 'local-cognito.json';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** The pino logger type of cognito-local's own pino (a different major than the app's). */
type CognitoLocalLogger = Parameters<typeof import('cognito-local/lib/server/server').createServer>[1];

interface Meta {
  userPoolId: string;
  clientId: string;
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
  const adminGroup = options.adminGroup ?? 'admin';

  // aws-sdk v2 (a dependency of cognito-local) prints an end-of-support banner unless told not to.
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
  // Deep imports on purpose: the package root also loads aws-sdk v2 (~150 ms) for Lambda triggers we don't use.
  const [
    serverModule,
    routerModule,
    cognitoServiceModule,
    userPoolServiceModule,
    stormModule,
    errorsModule,
    keyModule,
  ] = await Promise.all([
    import('cognito-local/lib/server/server'),
    import('cognito-local/lib/server/Router'),
    import('cognito-local/lib/services/cognitoService'),
    import('cognito-local/lib/services/userPoolService'),
    import('cognito-local/lib/services/dataStore/stormDb'),
    import('cognito-local/lib/errors'),
    import('cognito-local/lib/keys/cognitoLocal.private.json'),
  ]);
  const cognitoLocalRequire = createRequire(require.resolve('cognito-local/lib/server/server'));
  const pino = cognitoLocalRequire('pino') as (options: { level: string }) => CognitoLocalLogger;
  const logger = pino({ level: options.logLevel ?? 'silent' });
  const ctx: Context = { logger };

  let clockOffset = 0;
  const nowMs = () => Date.now() + clockOffset;
  const clock = { get: () => new Date(nowMs()) };

  const dbDir = path.join(options.dataDir, 'db');
  await fs.mkdir(dbDir, { recursive: true });
  const meta = await seedFiles(options.dataDir, dbDir);

  const dataStoreFactory = ownKeyStores(new stormModule.StormDBDataStoreFactory(dbDir));
  const config: Services['config'] = {
    LambdaClient: {},
    TriggerFunctions: {},
    UserPoolDefaults: { UsernameAttributes: [] },
    TokenConfig: { IssuerDomain: ISSUER_DOMAIN },
    ServerConfig: { port: options.port ?? 0, hostname: host, https: false, development: false },
  };
  const cognito = await new cognitoServiceModule.CognitoServiceFactoryImpl(
    dbDir,
    dataStoreFactory,
    new userPoolServiceModule.UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);

  const messages: LocalCognitoMessage[] = [];
  const onMessage = options.onMessage ?? printMessage;
  const messageService: Messages = {
    deliver: (_ctx, source, _clientId, _poolId, user, code, _metadata, details) => {
      const message: LocalCognitoMessage = { operation: source, username: user.Username, code };
      if (details?.Destination) message.destination = details.Destination;
      messages.push(message);
      onMessage(message);
      return Promise.resolve();
    },
  };

  const errors = new CognitoErrors(errorsModule.CognitoError);
  const signInSessions = await SignInSessionStore.open(path.join(options.dataDir, 'sessions.json'), () =>
    Math.floor(nowMs() / 1000),
  );
  const tokens = new TokenService({
    signer: new JwtSigner((keyModule as { pem: string }).pem),
    issuerDomain: ISSUER_DOMAIN,
    nowMs,
    sessions: signInSessions,
    errors,
    cognito,
  });
  // cognito-local's own token paths (hosted-UI routes) also get Cognito-shaped tokens with a live session.
  const tokenGenerator: TokenGenerator = {
    generate: async (genCtx, user, _groups, client) => {
      const pool = await cognito.getUserPool(genCtx, client.UserPoolId);
      const result = await tokens.signIn(genCtx, pool, client, user);
      return {
        AccessToken: result.AccessToken!,
        IdToken: result.IdToken!,
        RefreshToken: result.RefreshToken!,
      };
    },
  };
  const services: Services = {
    clock,
    cognito,
    config,
    messages: messageService,
    otp: () => randomBytes(4).readUInt32BE(0).toString().slice(-6).padStart(6, '0'),
    tokenGenerator,
    triggers: noTriggers,
  };

  const challenges = new ChallengeSessions(nowMs);
  const baseRouter = routerModule.Router(services);
  const originals = new Map<string, Handler>();
  const original = (target: string): Handler => {
    let route = originals.get(target);
    if (!route) originals.set(target, (route = baseRouter(target) as Handler));
    return route;
  };
  const fx: Fidelity = {
    services,
    original,
    errors,
    tokens,
    challenges,
    signInSessions,
    nowMs,
    auth: new AuthEngine({ services, errors, tokens, challenges, nowMs }),
  };
  const ours = fidelityTargets(fx);
  const router = (target: string) => (ours[target] ?? original(target)) as ReturnType<typeof baseRouter>;

  const generatedAdminPassword = await seedAdmin(ctx, services, meta.userPoolId, {
    adminUsername,
    adminGroup,
    adminPassword: options.adminPassword,
    now: clock.get(),
  });

  // Before listening: the server side of SRP would otherwise hold its first sign-in ~1.4 s.
  prepareModPow();
  const server = (await serverModule
    .createServer(router, logger, config.ServerConfig, services)
    .start()) as Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    region: LOCAL_COGNITO_REGION,
    userPoolId: meta.userPoolId,
    clientId: meta.clientId,
    issuer: `${ISSUER_DOMAIN}/${meta.userPoolId}`,
    jwksUri: `${endpoint}/${meta.userPoolId}/.well-known/jwks.json`,
    adminUsername,
    ...(generatedAdminPassword ? { generatedAdminPassword } : {}),
    messages,
    lastCode: (username) => [...messages].reverse().find((m) => m.username === username)?.code,
    setClockOffset: (ms) => {
      clockOffset = ms;
    },
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await signInSessions.close();
      })()),
  };
}

function printMessage(m: LocalCognitoMessage): void {
  const to = m.destination ? ` (${m.destination})` : '';
  process.stdout.write(`[local-cognito] ${m.operation} for ${m.username}${to}: code ${m.code}\n`);
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

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** AWS-style app client id: 26 lowercase alphanumerics. */
function newClientId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(26)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Writes (once) the pool and the app client files cognito-local loads at start. */
async function seedFiles(dataDir: string, dbDir: string): Promise<Meta> {
  const metaFile = path.join(dataDir, META_FILE);
  let meta = await readJson<Meta>(metaFile);
  if (!meta) {
    meta = { userPoolId: DEFAULT_USER_POOL_ID, clientId: newClientId() };
    await fs.writeFile(metaFile, JSON.stringify(meta, null, 2));
  }
  const now = new Date().toISOString();
  const poolFile = path.join(dbDir, `${meta.userPoolId}.json`);
  if (!(await readJson<object>(poolFile))) {
    const options = {
      Id: meta.userPoolId,
      Name: 'local-cognito',
      Arn: `arn:aws:cognito-idp:${LOCAL_COGNITO_REGION}:000000000000:userpool/${meta.userPoolId}`,
      UsernameAttributes: [],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      Policies: { PasswordPolicy: DEFAULT_PASSWORD_POLICY },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      CreationDate: now,
      LastModifiedDate: now,
    };
    await fs.writeFile(poolFile, JSON.stringify({ Options: options, Users: {}, Groups: {} }, null, 2));
  }
  const clientsFile = path.join(dbDir, 'clients.json');
  const clients = (await readJson<{ Clients?: Record<string, unknown> }>(clientsFile)) ?? {};
  if (!clients.Clients?.[meta.clientId]) {
    clients.Clients = {
      ...clients.Clients,
      [meta.clientId]: {
        ClientId: meta.clientId,
        ClientName: 'cognito-gateway',
        UserPoolId: meta.userPoolId,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        RefreshTokenValidity: 30,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
        CreationDate: now,
        LastModifiedDate: now,
      },
    };
    await fs.writeFile(clientsFile, JSON.stringify(clients, null, 2));
  }
  return meta;
}

/** Ensures the admin group and the CONFIRMED admin user in it; returns the password if it generated one. */
async function seedAdmin(
  ctx: Context,
  services: Services,
  userPoolId: string,
  seed: { adminUsername: string; adminGroup: string; adminPassword?: string; now: Date },
): Promise<string | undefined> {
  const pool = await services.cognito.getUserPool(ctx, userPoolId);
  let generated: string | undefined;
  let admin = await pool.getUserByUsername(ctx, seed.adminUsername);
  if (!admin) {
    const password = seed.adminPassword ?? (generated = generatePassword(16));
    const email = seed.adminUsername.includes('@') ? seed.adminUsername : `${seed.adminUsername}@example.com`;
    const user: User = {
      Username: seed.adminUsername,
      Password: password,
      Attributes: [
        { Name: 'sub', Value: randomUUID() },
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ],
      Enabled: true,
      UserStatus: 'CONFIRMED',
      UserCreateDate: seed.now,
      UserLastModifiedDate: seed.now,
      RefreshTokens: [],
    };
    await pool.saveUser(ctx, user);
    admin = user;
  }
  let group: Group | null = await pool.getGroupByGroupName(ctx, seed.adminGroup);
  if (!group) {
    group = {
      GroupName: seed.adminGroup,
      Description: 'Administrators of the gateway',
      CreationDate: seed.now,
      LastModifiedDate: seed.now,
      members: [],
    };
    await pool.saveGroup(ctx, group);
  }
  await pool.addUserToGroup(ctx, group, admin);
  return generated;
}
