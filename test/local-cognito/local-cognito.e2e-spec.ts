import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  CreateGroupCommand,
  ForgotPasswordCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  type ListGroupsCommandOutput,
  ListUsersCommand,
  ListUsersInGroupCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { startLocalCognito, type LocalCognito } from '../../src/local-cognito/local-cognito';
import { totp } from '../support/totp';

const ADMIN_PASSWORD = 'Admin#Passw0rd!';
const PASSWORD = 'Str0ng#Password';

const decode = (jwt: string): Record<string, any> =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/** Runs an SDK call and returns the error it raised (fails the test when it succeeds). */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
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

describe('local Cognito (official clients against the embedded emulator)', () => {
  let dataDir: string;
  let emu: LocalCognito;
  let sdk: CognitoIdentityProviderClient;
  let pool: CognitoUserPool;
  let counter = 0;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'local-cognito-'));
    emu = await startLocalCognito({ dataDir, port: 0, adminPassword: ADMIN_PASSWORD, onMessage: () => {} });
    sdk = new CognitoIdentityProviderClient({
      endpoint: emu.endpoint,
      region: emu.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    pool = new CognitoUserPool({
      UserPoolId: emu.userPoolId,
      ClientId: emu.clientId,
      endpoint: emu.endpoint,
    });
  });

  afterAll(async () => {
    sdk?.destroy();
    await emu?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => emu.setClockOffset(0));

  const uniqueName = (prefix = 'user') => `${prefix}-${++counter}-${Date.now().toString(36)}`;

  /** A CONFIRMED user with PASSWORD and an email. */
  async function confirmedUser(username = uniqueName()): Promise<string> {
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

  async function passwordSignIn(username: string, password = PASSWORD) {
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

  const refresh = (refreshToken: string) =>
    sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: emu.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );

  const getUser = (accessToken: string) => sdk.send(new GetUserCommand({ AccessToken: accessToken }));

  interface SignInOptions {
    flow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';
    newPassword?: string;
    totpSecret?: string;
  }

  /** identity-js authenticateUser (SRP by default), answering NEW_PASSWORD_REQUIRED and SOFTWARE_TOKEN_MFA. */
  function identitySignIn(username: string, password: string, options: SignInOptions = {}) {
    const user = new CognitoUser({ Username: username, Pool: pool, Storage: new Storage() });
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
      };
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), callbacks);
    });
  }

  describe('1. pool, issuer and tokens', () => {
    it('seeds an AWS-format pool whose access and id tokens pass CognitoJwtVerifier', async () => {
      expect(emu.userPoolId).toMatch(/^us-east-1_\w+$/);
      expect(emu.issuer).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${emu.userPoolId}`);
      const result = (await passwordSignIn('admin', ADMIN_PASSWORD)).AuthenticationResult!;
      expect(result.ExpiresIn).toBe(3600);
      expect(result.TokenType).toBe('Bearer');
      const jwks = (await (await fetch(emu.jwksUri)).json()) as Jwks;
      const accessVerifier = CognitoJwtVerifier.create({
        userPoolId: emu.userPoolId,
        clientId: emu.clientId,
        tokenUse: 'access',
        groups: 'admin',
      });
      accessVerifier.cacheJwks(jwks);
      const access = await accessVerifier.verify(result.AccessToken!);
      expect(access.username).toBe('admin');
      expect(access.iss).toBe(emu.issuer);
      expect(access.exp - access.iat).toBe(3600);
      const idVerifier = CognitoJwtVerifier.create({
        userPoolId: emu.userPoolId,
        clientId: emu.clientId,
        tokenUse: 'id',
      });
      idVerifier.cacheJwks(jwks);
      const id = await idVerifier.verify(result.IdToken!);
      expect(id['cognito:username']).toBe('admin');
      expect(id.email).toBe('admin@example.com');
      expect(id.email_verified).toBe(true);
      expect(decode(result.RefreshToken!).exp - decode(result.RefreshToken!).iat).toBe(30 * 86400);
    });

    it('uses plain usernames and seeds the admin as a CONFIRMED member of the admin group', async () => {
      const admin = await sdk.send(
        new AdminGetUserCommand({ UserPoolId: emu.userPoolId, Username: 'admin' }),
      );
      expect(admin.Username).toBe('admin');
      expect(admin.UserStatus).toBe('CONFIRMED');
      const members = await sdk.send(
        new ListUsersInGroupCommand({ UserPoolId: emu.userPoolId, GroupName: 'admin' }),
      );
      expect(members.Users!.map((u) => u.Username)).toContain('admin');
      const name = await confirmedUser('plain.name');
      expect(
        (await sdk.send(new AdminGetUserCommand({ UserPoolId: emu.userPoolId, Username: name }))).Username,
      ).toBe('plain.name');
    });
  });

  describe('2. USER_SRP_AUTH', () => {
    it('signs in with identity-js default authenticateUser (SRP) and rejects a wrong password', async () => {
      const username = await confirmedUser();
      const { session } = await identitySignIn(username, PASSWORD);
      expect(session.isValid()).toBe(true);
      expect(session.getAccessToken().payload.username).toBe(username);
      const wrong = await identitySignIn(username, 'Wrong#Passw0rd').catch((e: Error) => e);
      expect(wrong).toMatchObject({
        code: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      const unknown = await identitySignIn('nobody-here', PASSWORD).catch((e: Error) => e);
      expect(unknown).toMatchObject({
        code: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    });

    it('answers PASSWORD_VERIFIER with the SRP parameters', async () => {
      const username = await confirmedUser();
      const result = await sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_SRP_AUTH',
          ClientId: emu.clientId,
          AuthParameters: { USERNAME: username, SRP_A: 'abc123' },
        }),
      );
      expect(result.ChallengeName).toBe('PASSWORD_VERIFIER');
      expect(Object.keys(result.ChallengeParameters!).sort()).toEqual(
        ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP'].sort(),
      );
      expect(result.ChallengeParameters!.USER_ID_FOR_SRP).toBe(username);
    });
  });

  describe('3 + 4. passwords, temporary passwords and challenge refresh tokens', () => {
    it('answers NotAuthorizedException "Incorrect username or password." to a wrong password and to an unknown user', async () => {
      const username = await confirmedUser();
      for (const call of [passwordSignIn(username, 'Wrong#Passw0rd'), passwordSignIn('no-such-user')]) {
        expect(await failure(call)).toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Incorrect username or password.',
        });
      }
    });

    it('checks the temporary password, then NEW_PASSWORD_REQUIRED gives a working refresh token', async () => {
      const username = uniqueName('invited');
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: emu.userPoolId,
          Username: username,
          TemporaryPassword: 'Temp#Passw0rd',
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        }),
      );
      expect(await failure(passwordSignIn(username, 'Wrong#Temp0'))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      const wrongSrp = await identitySignIn(username, 'Wrong#Temp0', { newPassword: PASSWORD }).catch(
        (e: Error) => e,
      );
      expect(wrongSrp).toMatchObject({ code: 'NotAuthorizedException' });

      const { session } = await identitySignIn(username, 'Temp#Passw0rd', { newPassword: PASSWORD });
      const refreshed = await refresh(session.getRefreshToken().getToken());
      expect(decode(refreshed.AuthenticationResult!.AccessToken!).username).toBe(username);
      const status = await sdk.send(
        new AdminGetUserCommand({ UserPoolId: emu.userPoolId, Username: username }),
      );
      expect(status.UserStatus).toBe('CONFIRMED');
    });

    it('rejects a NEW_PASSWORD that breaks the policy, and validates the challenge Session', async () => {
      const username = uniqueName('invited');
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: emu.userPoolId,
          Username: username,
          TemporaryPassword: 'Temp#Passw0rd',
          MessageAction: 'SUPPRESS',
        }),
      );
      const challenge = await passwordSignIn(username, 'Temp#Passw0rd');
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      const respond = (session: string | undefined, newPassword: string) =>
        sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: emu.clientId,
            ChallengeName: 'NEW_PASSWORD_REQUIRED',
            Session: session,
            ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
          }),
        );
      expect(await failure(respond(challenge.Session, 'short'))).toMatchObject({
        name: 'InvalidPasswordException',
      });
      expect(await failure(respond('garbage-session', PASSWORD))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user.',
      });
      emu.setClockOffset(3 * 60_000 + 5_000);
      expect(await failure(respond(challenge.Session, PASSWORD))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      });
      emu.setClockOffset(0);
      const fresh = await passwordSignIn(username, 'Temp#Passw0rd');
      const done = await respond(fresh.Session, PASSWORD);
      expect(done.AuthenticationResult!.RefreshToken).toBeDefined();
      expect(done.AuthenticationResult!.ExpiresIn).toBe(3600);
      await refresh(done.AuthenticationResult!.RefreshToken!);
    });
  });

  describe('5. sign-out and revocation', () => {
    it('GlobalSignOut kills every refresh token and the access tokens issued before it', async () => {
      const username = await confirmedUser();
      const a = await tokens(username);
      const b = await tokens(username);
      await sdk.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
      for (const t of [a, b]) {
        expect(await failure(getUser(t.AccessToken!))).toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Access Token has been revoked',
        });
        expect(await failure(refresh(t.RefreshToken!))).toMatchObject({ name: 'NotAuthorizedException' });
      }
      const c = await tokens(username);
      expect((await getUser(c.AccessToken!)).Username).toBe(username);
    });

    it('AdminUserGlobalSignOut does the same for any user', async () => {
      const username = await confirmedUser();
      const a = await tokens(username);
      await sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: emu.userPoolId, Username: username }));
      expect(await failure(getUser(a.AccessToken!))).toMatchObject({
        message: 'Access Token has been revoked',
      });
      expect(await failure(refresh(a.RefreshToken!))).toMatchObject({ name: 'NotAuthorizedException' });
    });

    it('RevokeToken kills that session (refresh + its access tokens, by origin_jti) and no other', async () => {
      const username = await confirmedUser();
      const a = await tokens(username);
      const b = await tokens(username);
      const refreshedA = (await refresh(a.RefreshToken!)).AuthenticationResult!;
      await sdk.send(new RevokeTokenCommand({ ClientId: emu.clientId, Token: a.RefreshToken }));
      for (const access of [a.AccessToken!, refreshedA.AccessToken!]) {
        expect(await failure(getUser(access))).toMatchObject({ message: 'Access Token has been revoked' });
      }
      expect(await failure(refresh(a.RefreshToken!))).toMatchObject({ name: 'NotAuthorizedException' });
      expect((await getUser(b.AccessToken!)).Username).toBe(username);
      await refresh(b.RefreshToken!);
    });

    it('identity-js signOut revokes through RevokeToken (tokens carry origin_jti)', async () => {
      const username = await confirmedUser();
      const { user, session } = await identitySignIn(username, PASSWORD, { flow: 'USER_PASSWORD_AUTH' });
      // at runtime signOut(callback) revokes the tokens and passes the error, if any, to the callback
      const signOut: (callback: (err?: Error) => void) => void = user.signOut.bind(user);
      await new Promise<void>((resolve, reject) => signOut((err) => (err ? reject(err) : resolve())));
      expect(await failure(refresh(session.getRefreshToken().getToken()))).toMatchObject({
        name: 'NotAuthorizedException',
      });
    });
  });

  describe('6. access-token checks', () => {
    it('refuses tampered, id, expired and garbage tokens on every access-token operation', async () => {
      const username = await confirmedUser();
      const t = await tokens(username);
      const [h, p, s] = t.AccessToken!.split('.');
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...decode(t.AccessToken!), username: 'admin' })).toString('base64url')}.${s}`;
      expect(await failure(getUser(forged))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid Access Token',
      });
      expect(await failure(getUser(`${h}.${p}.${s.slice(0, -4)}AAAA`))).toMatchObject({
        message: 'Invalid Access Token',
      });
      expect(await failure(getUser(t.IdToken!))).toMatchObject({ message: 'Invalid Access Token' });
      emu.setClockOffset(61 * 60_000);
      expect(await failure(getUser(t.AccessToken!))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has expired',
      });
      emu.setClockOffset(0);
      const garbage = 'not-a-token';
      const calls: Promise<unknown>[] = [
        getUser(garbage),
        sdk.send(
          new ChangePasswordCommand({
            AccessToken: garbage,
            PreviousPassword: PASSWORD,
            ProposedPassword: PASSWORD,
          }),
        ),
        sdk.send(
          new UpdateUserAttributesCommand({
            AccessToken: garbage,
            UserAttributes: [{ Name: 'name', Value: 'x' }],
          }),
        ),
        sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: garbage })),
        sdk.send(new VerifySoftwareTokenCommand({ AccessToken: garbage, UserCode: '123456' })),
        sdk.send(
          new SetUserMFAPreferenceCommand({
            AccessToken: garbage,
            SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
          }),
        ),
        sdk.send(new GlobalSignOutCommand({ AccessToken: garbage })),
      ];
      for (const call of calls) {
        expect(await failure(call)).toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Invalid Access Token',
        });
      }
      expect((await getUser(t.AccessToken!)).Username).toBe(username);
    });

    it('UpdateUserAttributes with a valid token updates the profile; an email change sends a verification code', async () => {
      const username = await confirmedUser();
      const t = await tokens(username);
      await sdk.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken,
          UserAttributes: [{ Name: 'name', Value: 'Ada' }],
        }),
      );
      const before = emu.messages.length;
      await sdk.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken,
          UserAttributes: [{ Name: 'email', Value: `${username}@new.example.com` }],
        }),
      );
      const attributes = Object.fromEntries(
        (await getUser(t.AccessToken!)).UserAttributes!.map((a) => [a.Name, a.Value]),
      );
      expect(attributes.name).toBe('Ada');
      expect(emu.messages.length).toBe(before + 1);
      expect(emu.messages.at(-1)).toMatchObject({ username, destination: `${username}@new.example.com` });
    });

    it('ForgotPassword for a user without email is InvalidParameterException', async () => {
      const username = uniqueName('noemail');
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: emu.userPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
        }),
      );
      expect(
        await failure(sdk.send(new ForgotPasswordCommand({ ClientId: emu.clientId, Username: username }))),
      ).toMatchObject({ name: 'InvalidParameterException' });
    });

    it('ChangePassword with a wrong current password is "Incorrect username or password."', async () => {
      const username = await confirmedUser();
      const t = await tokens(username);
      expect(
        await failure(
          sdk.send(
            new ChangePasswordCommand({
              AccessToken: t.AccessToken,
              PreviousPassword: 'Wrong#Passw0rd',
              ProposedPassword: 'New#Passw0rd1',
            }),
          ),
        ),
      ).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      await sdk.send(
        new ChangePasswordCommand({
          AccessToken: t.AccessToken,
          PreviousPassword: PASSWORD,
          ProposedPassword: 'New#Passw0rd1',
        }),
      );
      await tokens(username).catch(() => undefined);
      expect((await passwordSignIn(username, 'New#Passw0rd1')).AuthenticationResult).toBeDefined();
    });
  });

  describe('7. AdminResetUserPassword', () => {
    it('sets RESET_REQUIRED, sends a code, refuses sign-in until ConfirmForgotPassword', async () => {
      const username = await confirmedUser();
      await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: emu.userPoolId, Username: username }));
      const user = await sdk.send(
        new AdminGetUserCommand({ UserPoolId: emu.userPoolId, Username: username }),
      );
      expect(user.UserStatus).toBe('RESET_REQUIRED');
      const code = emu.lastCode(username);
      expect(code).toMatch(/^\d{6}$/);
      expect(emu.messages.at(-1)).toMatchObject({ operation: 'AdminResetUserPassword', username, code });
      expect(await failure(passwordSignIn(username))).toMatchObject({
        name: 'PasswordResetRequiredException',
        message: 'Password reset required for the user',
      });
      await sdk.send(
        new ConfirmForgotPasswordCommand({
          ClientId: emu.clientId,
          Username: username,
          ConfirmationCode: code,
          Password: 'Reset#Passw0rd',
        }),
      );
      expect(
        (await sdk.send(new AdminGetUserCommand({ UserPoolId: emu.userPoolId, Username: username })))
          .UserStatus,
      ).toBe('CONFIRMED');
      expect((await passwordSignIn(username, 'Reset#Passw0rd')).AuthenticationResult).toBeDefined();
    });

    it('ForgotPassword sends a code that ConfirmForgotPassword accepts', async () => {
      const username = await confirmedUser();
      const sent = await sdk.send(new ForgotPasswordCommand({ ClientId: emu.clientId, Username: username }));
      expect(sent.CodeDeliveryDetails).toMatchObject({
        DeliveryMedium: 'EMAIL',
        Destination: `${username}@example.com`,
      });
      const code = emu.lastCode(username)!;
      expect(emu.messages.at(-1)).toMatchObject({ operation: 'ForgotPassword', username, code });
      await sdk.send(
        new ConfirmForgotPasswordCommand({
          ClientId: emu.clientId,
          Username: username,
          ConfirmationCode: code,
          Password: 'Forgot#Passw0rd',
        }),
      );
      expect((await passwordSignIn(username, 'Forgot#Passw0rd')).AuthenticationResult).toBeDefined();
    });
  });

  describe('8. disabled users', () => {
    it('cannot sign in (password or SRP) or refresh', async () => {
      const username = await confirmedUser();
      const t = await tokens(username);
      await sdk.send(new AdminDisableUserCommand({ UserPoolId: emu.userPoolId, Username: username }));
      expect(await failure(passwordSignIn(username))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
      const srp = await identitySignIn(username, PASSWORD).catch((e: Error) => e);
      expect(srp).toMatchObject({ code: 'NotAuthorizedException', message: 'User is disabled.' });
      expect(await failure(refresh(t.RefreshToken!))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
      await sdk.send(new AdminEnableUserCommand({ UserPoolId: emu.userPoolId, Username: username }));
      expect((await passwordSignIn(username)).AuthenticationResult).toBeDefined();
    });
  });

  describe('9 + 10. groups and listing', () => {
    it('CreateGroup on an existing group is GroupExistsException and keeps the members', async () => {
      const group = uniqueName('group');
      const username = await confirmedUser();
      await sdk.send(new CreateGroupCommand({ UserPoolId: emu.userPoolId, GroupName: group }));
      await sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: emu.userPoolId, GroupName: group, Username: username }),
      );
      expect(
        await failure(sdk.send(new CreateGroupCommand({ UserPoolId: emu.userPoolId, GroupName: group }))),
      ).toMatchObject({ name: 'GroupExistsException' });
      const members = await sdk.send(
        new ListUsersInGroupCommand({ UserPoolId: emu.userPoolId, GroupName: group }),
      );
      expect(members.Users!.map((u) => u.Username)).toEqual([username]);
    });

    it('ListUsers, ListUsersInGroup and ListGroups page with Limit and opaque tokens (no duplicate, no gap)', async () => {
      const prefix = uniqueName('page');
      const group = `${prefix}-group`;
      await sdk.send(new CreateGroupCommand({ UserPoolId: emu.userPoolId, GroupName: group }));
      const names: string[] = [];
      for (let i = 0; i < 7; i++) {
        names.push(await confirmedUser(`${prefix}-${i}`));
        await sdk.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: emu.userPoolId,
            GroupName: group,
            Username: names[i],
          }),
        );
      }
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await sdk.send(
          new ListUsersCommand({
            UserPoolId: emu.userPoolId,
            Limit: 3,
            PaginationToken: token,
            Filter: `username ^= "${prefix}-"`,
          }),
        );
        expect(page.Users!.length).toBeLessThanOrEqual(3);
        seen.push(...page.Users!.map((u) => u.Username!));
        token = page.PaginationToken;
        pages++;
      } while (token);
      expect(pages).toBe(3);
      expect(seen.sort()).toEqual([...names].sort());

      const inGroup: string[] = [];
      let next: string | undefined;
      do {
        const page = await sdk.send(
          new ListUsersInGroupCommand({
            UserPoolId: emu.userPoolId,
            GroupName: group,
            Limit: 2,
            NextToken: next,
          }),
        );
        inGroup.push(...page.Users!.map((u) => u.Username!));
        next = page.NextToken;
      } while (next);
      expect(inGroup.sort()).toEqual([...names].sort());

      for (let i = 0; i < 3; i++) {
        await sdk.send(new CreateGroupCommand({ UserPoolId: emu.userPoolId, GroupName: `${prefix}-g${i}` }));
      }
      const groups: string[] = [];
      next = undefined;
      do {
        const page: ListGroupsCommandOutput = await sdk.send(
          new ListGroupsCommand({ UserPoolId: emu.userPoolId, Limit: 2, NextToken: next }),
        );
        expect(page.Groups!.length).toBeLessThanOrEqual(2);
        groups.push(...page.Groups!.map((g) => g.GroupName!));
        next = page.NextToken;
      } while (next);
      expect(new Set(groups).size).toBe(groups.length);
      expect(groups).toEqual(
        expect.arrayContaining(['admin', group, `${prefix}-g0`, `${prefix}-g1`, `${prefix}-g2`]),
      );
    });

    it('ListUsers Filter supports =, ^=, cognito:user_status and status', async () => {
      const prefix = uniqueName('filter');
      const a = await confirmedUser(`${prefix}-a`);
      const b = await confirmedUser(`${prefix}-b`);
      await sdk.send(new AdminDisableUserCommand({ UserPoolId: emu.userPoolId, Username: b }));
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: emu.userPoolId,
          Username: `${prefix}-c`,
          MessageAction: 'SUPPRESS',
        }),
      );
      const list = async (Filter: string) =>
        (await sdk.send(new ListUsersCommand({ UserPoolId: emu.userPoolId, Filter })))
          .Users!.map((u) => u.Username)
          .filter((n) => n!.startsWith(prefix))
          .sort();
      expect(await list(`email = "${a}@example.com"`)).toEqual([a]);
      expect(await list(`email ^= "${prefix}"`)).toEqual([a, b]);
      expect(await list(`cognito:user_status = "FORCE_CHANGE_PASSWORD"`)).toEqual([`${prefix}-c`]);
      expect(await list(`status = "Disabled"`)).toEqual([b]);
      expect(await list(`username = "${a}"`)).toEqual([a]);
    });
  });

  describe('11. jti and origin_jti', () => {
    it('keeps origin_jti across refreshes of one sign-in and changes jti every time', async () => {
      const username = await confirmedUser();
      const first = await tokens(username);
      const r1 = (await refresh(first.RefreshToken!)).AuthenticationResult!;
      const r2 = (await refresh(first.RefreshToken!)).AuthenticationResult!;
      expect(r1.RefreshToken).toBeUndefined();
      const accesses = [first, r1, r2].map((t) => decode(t.AccessToken!));
      const ids = [first, r1, r2].map((t) => decode(t.IdToken!));
      const origin = accesses[0].origin_jti;
      expect(origin).toMatch(/^[0-9a-f-]{36}$/);
      for (const claims of [...accesses, ...ids]) expect(claims.origin_jti).toBe(origin);
      expect(new Set(accesses.map((c) => c.jti)).size).toBe(3);
      const other = decode((await tokens(username)).AccessToken!);
      expect(other.origin_jti).not.toBe(origin);
    });
  });

  describe('12. TOTP MFA', () => {
    async function enrolTotp(username: string): Promise<string> {
      const t = await tokens(username);
      const { SecretCode } = await sdk.send(
        new AssociateSoftwareTokenCommand({ AccessToken: t.AccessToken }),
      );
      expect(SecretCode).toMatch(/^[A-Z2-7]{32}$/);
      expect(
        await failure(
          sdk.send(
            new VerifySoftwareTokenCommand({ AccessToken: t.AccessToken, UserCode: wrongCode(SecretCode!) }),
          ),
        ),
      ).toMatchObject({ name: 'EnableSoftwareTokenMFAException' });
      const verified = await sdk.send(
        new VerifySoftwareTokenCommand({
          AccessToken: t.AccessToken,
          UserCode: totp(SecretCode!),
          FriendlyDeviceName: 'phone',
        }),
      );
      expect(verified.Status).toBe('SUCCESS');
      await sdk.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: t.AccessToken,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      );
      const me = await getUser(t.AccessToken!);
      expect(me.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');
      expect(me.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);
      return SecretCode!;
    }

    const wrongCode = (secret: string) => (totp(secret) === '000000' ? '111111' : '000000');

    it('USER_PASSWORD_AUTH then SOFTWARE_TOKEN_MFA with a real code; wrong code is CodeMismatchException', async () => {
      const username = await confirmedUser();
      const secret = await enrolTotp(username);
      const challenge = await passwordSignIn(username);
      expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      expect(challenge.ChallengeParameters).toMatchObject({
        FRIENDLY_DEVICE_NAME: 'phone',
        USER_ID_FOR_SRP: username,
      });
      const answer = (code: string, session = challenge.Session) =>
        sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: emu.clientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: session,
            ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
          }),
        );
      expect(await failure(answer(wrongCode(secret)))).toMatchObject({ name: 'CodeMismatchException' });
      expect(await failure(answer(totp(secret), 'AYABeGarbage'))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user.',
      });
      const done = await answer(totp(secret));
      expect(done.AuthenticationResult!.TokenType).toBe('Bearer');
      const refreshed = await refresh(done.AuthenticationResult!.RefreshToken!);
      expect(decode(refreshed.AuthenticationResult!.AccessToken!).origin_jti).toBe(
        decode(done.AuthenticationResult!.AccessToken!).origin_jti,
      );
    });

    it('identity-js SRP sign-in answers the SOFTWARE_TOKEN_MFA challenge; its refresh token works', async () => {
      const username = await confirmedUser();
      const secret = await enrolTotp(username);
      const { session } = await identitySignIn(username, PASSWORD, { totpSecret: secret });
      expect(session.getAccessToken().payload.username).toBe(username);
      await refresh(session.getRefreshToken().getToken());
    });

    it('TOTP codes follow the emulator clock (setClockOffset)', async () => {
      const username = await confirmedUser();
      const secret = await enrolTotp(username);
      emu.setClockOffset(10 * 60_000);
      const challenge = await passwordSignIn(username);
      const answer = (code: string) =>
        sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: emu.clientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: challenge.Session,
            ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
          }),
        );
      const now = totp(secret);
      if (now !== totp(secret, Date.now() + 10 * 60_000)) {
        expect(await failure(answer(now))).toMatchObject({ name: 'CodeMismatchException' });
      }
      expect((await answer(totp(secret, Date.now() + 10 * 60_000))).AuthenticationResult).toBeDefined();
    });
  });

  describe('messages', () => {
    it('AdminCreateUser without MessageAction emails the temporary password (no SMS failure)', async () => {
      const username = uniqueName('emailed');
      const created = await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: emu.userPoolId,
          Username: username,
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        }),
      );
      expect(created.User!.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      const message = emu.messages.at(-1)!;
      expect(message).toMatchObject({
        operation: 'AdminCreateUser',
        username,
        destination: `${username}@example.com`,
      });
      expect(emu.lastCode(username)).toBe(message.code);
      const challenge = await passwordSignIn(username, message.code);
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      expect(JSON.parse(challenge.ChallengeParameters!.userAttributes)).toEqual({
        email: `${username}@example.com`,
      });
    });

    it('AdminCreateUser with no way to deliver fails before saving the user', async () => {
      const username = uniqueName('nowhere');
      expect(
        await failure(
          sdk.send(new AdminCreateUserCommand({ UserPoolId: emu.userPoolId, Username: username })),
        ),
      ).toMatchObject({ name: 'InvalidParameterException' });
      expect(
        await failure(sdk.send(new AdminGetUserCommand({ UserPoolId: emu.userPoolId, Username: username }))),
      ).toMatchObject({ name: 'UserNotFoundException' });
    });
  });

  describe('restart and standalone', () => {
    it('keeps pool, client, admin and live refresh tokens across a restart of the same dataDir', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'local-cognito-restart-'));
      try {
        const first = await startLocalCognito({ dataDir: dir, onMessage: () => {} });
        expect(first.generatedAdminPassword).toMatch(
          /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{16}$/,
        );
        const client = new CognitoIdentityProviderClient({
          endpoint: first.endpoint,
          region: first.region,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 1,
        });
        const signedIn = await client.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: first.clientId,
            AuthParameters: { USERNAME: 'admin', PASSWORD: first.generatedAdminPassword! },
          }),
        );
        client.destroy();
        await first.close();
        const second = await startLocalCognito({ dataDir: dir, onMessage: () => {} });
        try {
          expect(second.generatedAdminPassword).toBeUndefined();
          expect([second.userPoolId, second.clientId]).toEqual([first.userPoolId, first.clientId]);
          const again = new CognitoIdentityProviderClient({
            endpoint: second.endpoint,
            region: second.region,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            maxAttempts: 1,
          });
          const refreshed = await again.send(
            new InitiateAuthCommand({
              AuthFlow: 'REFRESH_TOKEN_AUTH',
              ClientId: second.clientId,
              AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult!.RefreshToken! },
            }),
          );
          expect(refreshed.AuthenticationResult!.AccessToken).toBeDefined();
          again.destroy();
        } finally {
          await second.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('npm run local-cognito prints one JSON line first and stops cleanly on SIGTERM', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'local-cognito-cli-'));
      const child = spawn(
        process.execPath,
        [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'src/local-cognito/standalone.ts'],
        {
          cwd: path.join(__dirname, '../..'),
          env: { ...process.env, LOCAL_COGNITO_PORT: '0', LOCAL_COGNITO_DIR: dir },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        const firstLine = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout }).once('line', resolve);
          child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
        });
        const info = JSON.parse(firstLine);
        expect(Object.keys(info)).toEqual(['endpoint', 'userPoolId', 'clientId', 'region', 'issuer']);
        expect((await fetch(`${info.endpoint}/health`)).status).toBe(200);
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    }, 30_000);
  });
});
