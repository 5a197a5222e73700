import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { randomUUID } from 'node:crypto';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { Gateway, sdkClient } from './harness';

export const TEMP_PASSWORD = 'Temp#Passw0rd1';
export const PASSWORD = 'Str0ng#Passw0rd';

export function uniqueUsername(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** An admin-created user in FORCE_CHANGE_PASSWORD (first access pending), as an admin would create one. */
export async function createUser(
  cognito: LocalCognito,
  username = uniqueUsername(),
  options: { permanentPassword?: string; attributes?: Record<string, string> } = {},
): Promise<{ username: string; email: string }> {
  const client: CognitoIdentityProviderClient = sdkClient(cognito);
  const email = `${username}@example.com`;
  const attributes = { email, email_verified: 'true', ...options.attributes };
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: cognito.userPoolId,
      Username: username,
      TemporaryPassword: TEMP_PASSWORD,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  if (options.permanentPassword) {
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: cognito.userPoolId,
        Username: username,
        Password: options.permanentPassword,
        Permanent: true,
      }),
    );
  }
  return { username, email };
}

export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

/** Signs in through the gateway and expects tokens straight away. */
export async function signIn(gateway: Gateway, username: string, password: string): Promise<TokenSet> {
  const res = await gateway.post('/auth/sign-in', { body: { username, password } });
  if (res.status !== 200 || res.body.status !== 'AUTHENTICATED') {
    throw new Error(`sign-in of ${username}: ${res.status} ${res.text}`);
  }
  return res.body.tokens as TokenSet;
}

/** A CONFIRMED user with PASSWORD, signed in through the gateway. */
export async function signedInUser(
  gateway: Gateway,
  cognito: LocalCognito,
  prefix = 'user',
): Promise<{ username: string; email: string; tokens: TokenSet }> {
  const user = await createUser(cognito, uniqueUsername(prefix), { permanentPassword: PASSWORD });
  return { ...user, tokens: await signIn(gateway, user.username, PASSWORD) };
}

/** Headers for routes that need the full session: bearer access token plus X-Id-Token. */
export function fullSession(tokens: { accessToken: string; idToken: string }): {
  token: string;
  headers: Record<string, string>;
} {
  return { token: tokens.accessToken, headers: { 'x-id-token': tokens.idToken } };
}

export function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** Waits until the wall clock enters the next second (tokens carry second-resolution iat). */
export async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
}

/** A TOTP code for the next 30-second step that is not `previous` (Cognito refuses a code twice). */
export async function freshTotp(secret: string, totp: (s: string, t?: number) => string, previous?: string) {
  let code = totp(secret);
  while (code === previous) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    code = totp(secret);
  }
  return code;
}
