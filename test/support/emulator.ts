/** What the emulator's fidelity specs (test/local-cognito) share: official clients on it, no gateway. */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import type { LocalCognito } from '../../src/local-cognito/local-cognito';
import { sdkClient, startTestCognito } from './harness';
import { totp } from './totp';

export const PASSWORD = 'Str0ng#Password';

export const decode = (jwt: string): Record<string, any> =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/** Runs an SDK call and returns the error it raised (fails the test when it succeeds). */
export async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

/** Per-user storage so identity-js users don't share a process-wide cache. */
class Storage implements ICognitoStorage {
  private readonly data = new Map<string, string>();
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
  clear() {
    this.data.clear();
  }
}

export interface SignInOptions {
  flow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';
  newPassword?: string;
  totpSecret?: string;
}

interface Started {
  emu: LocalCognito;
  sdk: CognitoIdentityProviderClient;
  pool: CognitoUserPool;
  close: () => Promise<void>;
}

/**
 * The local Cognito of one describe block, with an SDK v3 client and an identity-js pool on it: started
 * before its first test, stopped after its last, its clock reset after each test.
 */
export function useEmulator() {
  let started: Started | undefined;
  let counter = 0;
  const get = (): Started => {
    if (!started) throw new Error('the emulator starts in beforeAll: use it inside a test or a hook');
    return started;
  };

  beforeAll(async () => {
    const emu = await startTestCognito();
    const sdk = sdkClient(emu);
    const pool = new CognitoUserPool({
      UserPoolId: emu.userPoolId,
      ClientId: emu.clientId,
      endpoint: emu.endpoint,
    });
    started = {
      emu,
      sdk,
      pool,
      close: async () => {
        sdk.destroy();
        await emu.close();
      },
    };
  });
  afterAll(async () => {
    await started?.close();
  });
  afterEach(() => started?.emu.setClockOffset(0));

  const uniqueName = (prefix = 'user') => `${prefix}-${++counter}-${Date.now().toString(36)}`;

  /** A CONFIRMED user with PASSWORD and an email. */
  async function confirmedUser(username = uniqueName()): Promise<string> {
    const { emu, sdk } = get();
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: emu.userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: emu.userPoolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    return username;
  }

  function passwordSignIn(username: string, password = PASSWORD) {
    const { emu, sdk } = get();
    return sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: emu.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
  }

  async function tokens(username: string): Promise<AuthenticationResultType> {
    const result = await passwordSignIn(username);
    expect(result.AuthenticationResult).toBeDefined();
    return result.AuthenticationResult!;
  }

  /** GetTokensFromRefreshToken on the seeded app client (which rotates refresh tokens). */
  const refresh = (refreshToken: string) =>
    get().sdk.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: get().emu.clientId, RefreshToken: refreshToken }),
    );

  const getUser = (accessToken: string) => get().sdk.send(new GetUserCommand({ AccessToken: accessToken }));

  /** identity-js authenticateUser (SRP by default), answering NEW_PASSWORD_REQUIRED and SOFTWARE_TOKEN_MFA. */
  function identitySignIn(username: string, password: string, options: SignInOptions = {}) {
    const user = new CognitoUser({ Username: username, Pool: get().pool, Storage: new Storage() });
    if (options.flow === 'USER_PASSWORD_AUTH') user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    return new Promise<{ user: CognitoUser; session: CognitoUserSession }>((resolve, reject) => {
      const callbacks = {
        onSuccess: (session: CognitoUserSession) => resolve({ user, session }),
        onFailure: reject,
        newPasswordRequired: () => {
          if (!options.newPassword) return reject(new Error('unexpected NEW_PASSWORD_REQUIRED'));
          user.completeNewPasswordChallenge(options.newPassword, {}, callbacks);
        },
        totpRequired: () => {
          if (!options.totpSecret) return reject(new Error('unexpected SOFTWARE_TOKEN_MFA'));
          user.sendMFACode(totp(options.totpSecret), callbacks, 'SOFTWARE_TOKEN_MFA');
        },
        mfaRequired: () => reject(new Error('unexpected SMS_MFA')),
        mfaSetup: () => reject(new Error('unexpected MFA_SETUP')),
      };
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
    });
  }

  return {
    get emu() {
      return get().emu;
    },
    get sdk() {
      return get().sdk;
    },
    get pool() {
      return get().pool;
    },
    uniqueName,
    confirmedUser,
    passwordSignIn,
    tokens,
    refresh,
    getUser,
    identitySignIn,
  };
}
