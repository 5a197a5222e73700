import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import type { Group, User } from 'cognito-local/lib/services/userPoolService';
import { DEFAULT_PASSWORD_POLICY, generatePassword } from './password-policy';

export const LOCAL_COGNITO_REGION = 'us-east-1';
const DEFAULT_USER_POOL_ID = `${LOCAL_COGNITO_REGION}_LocalPool1`;
const META_FILE = 'local-cognito.json';
/** The seeded app client's grace period for a rotated-out refresh token: AWS's maximum. */
export const SEEDED_GRACE_SECONDS = 60;

/** The seeded pool and app client, kept in the data directory so that restarts reuse them. */
export interface SeededPool {
  userPoolId: string;
  clientId: string;
}

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
export async function seedFiles(dataDir: string, dbDir: string): Promise<SeededPool> {
  const metaFile = path.join(dataDir, META_FILE);
  let meta = await readJson<SeededPool>(metaFile);
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
        // What AWS recommends: refresh-token rotation, with a grace period for retries. REFRESH_TOKEN_AUTH
        // does not work with rotation (GetTokensFromRefreshToken does), so its flow is not listed.
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: SEEDED_GRACE_SECONDS },
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

/** The seeded admin's password as the local pool holds it now, and where it came from. */
export interface AdminPassword {
  password?: string;
  source: 'generated' | 'setting' | 'stored';
}

/**
 * Ensures the admin group and the CONFIRMED admin user in it. Reports the admin's current password: this
 * is a development pool, and a newcomer who missed the first start's banner must still be able to get in.
 */
export async function seedAdmin(
  ctx: Context,
  services: Services,
  userPoolId: string,
  seed: { adminUsername: string; adminGroup: string; adminPassword?: string; now: Date },
): Promise<AdminPassword> {
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
  if (generated) return { password: generated, source: 'generated' };
  const stored = admin.Password;
  return { password: stored, source: stored === seed.adminPassword ? 'setting' : 'stored' };
}
