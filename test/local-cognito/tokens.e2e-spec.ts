import {
  AdminCreateUserCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  ForgotPasswordCommand,
  GlobalSignOutCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  UpdateUserAttributesCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';

describe('local Cognito: sign-out, revocation and access-token checks (official clients against the embedded emulator)', () => {
  const local = useEmulator();

  describe('5. sign-out and revocation', () => {
    it('GlobalSignOut kills every refresh token and the access tokens issued before it', async () => {
      const username = await local.confirmedUser();
      const a = await local.tokens(username);
      const b = await local.tokens(username);
      await local.sdk.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
      for (const t of [a, b]) {
        expect(await failure(local.getUser(t.AccessToken!))).toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Access Token has been revoked',
        });
        expect(await failure(local.refresh(t.RefreshToken!))).toMatchObject({
          name: 'NotAuthorizedException',
        });
      }
      const c = await local.tokens(username);
      expect((await local.getUser(c.AccessToken!)).Username).toBe(username);
    });

    it('AdminUserGlobalSignOut does the same for any user', async () => {
      const username = await local.confirmedUser();
      const a = await local.tokens(username);
      await local.sdk.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
      );
      expect(await failure(local.getUser(a.AccessToken!))).toMatchObject({
        message: 'Access Token has been revoked',
      });
      expect(await failure(local.refresh(a.RefreshToken!))).toMatchObject({ name: 'NotAuthorizedException' });
    });

    it('RevokeToken kills that session (refresh + its access tokens, by origin_jti) and no other', async () => {
      const username = await local.confirmedUser();
      const a = await local.tokens(username);
      const b = await local.tokens(username);
      const refreshedA = (await local.refresh(a.RefreshToken!)).AuthenticationResult!;
      await local.sdk.send(new RevokeTokenCommand({ ClientId: local.emu.clientId, Token: a.RefreshToken }));
      for (const access of [a.AccessToken!, refreshedA.AccessToken!]) {
        expect(await failure(local.getUser(access))).toMatchObject({
          message: 'Access Token has been revoked',
        });
      }
      expect(await failure(local.refresh(a.RefreshToken!))).toMatchObject({ name: 'NotAuthorizedException' });
      expect((await local.getUser(b.AccessToken!)).Username).toBe(username);
      await local.refresh(b.RefreshToken!);
    });

    it('identity-js signOut revokes through RevokeToken (tokens carry origin_jti)', async () => {
      const username = await local.confirmedUser();
      const { user, session } = await local.identitySignIn(username, PASSWORD, {
        flow: 'USER_PASSWORD_AUTH',
      });
      // at runtime signOut(callback) revokes the tokens and passes the error, if any, to the callback
      const signOut: (callback: (err?: Error) => void) => void = user.signOut.bind(user);
      await new Promise<void>((resolve, reject) => signOut((err) => (err ? reject(err) : resolve())));
      expect(await failure(local.refresh(session.getRefreshToken().getToken()))).toMatchObject({
        name: 'NotAuthorizedException',
      });
    });
  });

  describe('6. access-token checks', () => {
    it('refuses tampered, id, expired and garbage tokens on every access-token operation', async () => {
      const username = await local.confirmedUser();
      const t = await local.tokens(username);
      const [h, p, s] = t.AccessToken!.split('.');
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...decode(t.AccessToken!), username: 'admin' })).toString('base64url')}.${s}`;
      expect(await failure(local.getUser(forged))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid Access Token',
      });
      expect(await failure(local.getUser(`${h}.${p}.${s.slice(0, -4)}AAAA`))).toMatchObject({
        message: 'Invalid Access Token',
      });
      expect(await failure(local.getUser(t.IdToken!))).toMatchObject({ message: 'Invalid Access Token' });
      local.emu.setClockOffset(61 * 60_000);
      expect(await failure(local.getUser(t.AccessToken!))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has expired',
      });
      local.emu.setClockOffset(0);
      const garbage = 'not-a-token';
      const calls: Promise<unknown>[] = [
        local.getUser(garbage),
        local.sdk.send(
          new ChangePasswordCommand({
            AccessToken: garbage,
            PreviousPassword: PASSWORD,
            ProposedPassword: PASSWORD,
          }),
        ),
        local.sdk.send(
          new UpdateUserAttributesCommand({
            AccessToken: garbage,
            UserAttributes: [{ Name: 'name', Value: 'x' }],
          }),
        ),
        local.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: garbage })),
        local.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: garbage, UserCode: '123456' })),
        local.sdk.send(
          new SetUserMFAPreferenceCommand({
            AccessToken: garbage,
            SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
          }),
        ),
        local.sdk.send(new GlobalSignOutCommand({ AccessToken: garbage })),
      ];
      for (const call of calls) {
        expect(await failure(call)).toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Invalid Access Token',
        });
      }
      expect((await local.getUser(t.AccessToken!)).Username).toBe(username);
    });

    it('UpdateUserAttributes with a valid token updates the profile; an email change sends a verification code', async () => {
      const username = await local.confirmedUser();
      const t = await local.tokens(username);
      await local.sdk.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken,
          UserAttributes: [{ Name: 'name', Value: 'Ada' }],
        }),
      );
      const before = local.emu.messages.length;
      await local.sdk.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken,
          UserAttributes: [{ Name: 'email', Value: `${username}@new.example.com` }],
        }),
      );
      const attributes = Object.fromEntries(
        (await local.getUser(t.AccessToken!)).UserAttributes!.map((a) => [a.Name, a.Value]),
      );
      expect(attributes.name).toBe('Ada');
      expect(local.emu.messages.length).toBe(before + 1);
      expect(local.emu.messages.at(-1)).toMatchObject({
        username,
        destination: `${username}@new.example.com`,
      });
    });

    it('ForgotPassword for a user without email is InvalidParameterException', async () => {
      const username = local.uniqueName('noemail');
      await local.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: local.emu.userPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
        }),
      );
      expect(
        await failure(
          local.sdk.send(new ForgotPasswordCommand({ ClientId: local.emu.clientId, Username: username })),
        ),
      ).toMatchObject({ name: 'InvalidParameterException' });
    });

    it('ChangePassword with a wrong current password is "Incorrect username or password."', async () => {
      const username = await local.confirmedUser();
      const t = await local.tokens(username);
      expect(
        await failure(
          local.sdk.send(
            new ChangePasswordCommand({
              AccessToken: t.AccessToken,
              PreviousPassword: 'Wrong#Passw0rd',
              ProposedPassword: 'New#Passw0rd1',
            }),
          ),
        ),
      ).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      await local.sdk.send(
        new ChangePasswordCommand({
          AccessToken: t.AccessToken,
          PreviousPassword: PASSWORD,
          ProposedPassword: 'New#Passw0rd1',
        }),
      );
      await local.tokens(username).catch(() => undefined);
      expect((await local.passwordSignIn(username, 'New#Passw0rd1')).AuthenticationResult).toBeDefined();
    });
  });

  describe('11. jti and origin_jti', () => {
    it('keeps origin_jti across refreshes (and rotations) of one sign-in and changes jti every time', async () => {
      const username = await local.confirmedUser();
      const first = await local.tokens(username);
      const r1 = (await local.refresh(first.RefreshToken!)).AuthenticationResult!;
      const r2 = (await local.refresh(r1.RefreshToken!)).AuthenticationResult!;
      const accesses = [first, r1, r2].map((t) => decode(t.AccessToken!));
      const ids = [first, r1, r2].map((t) => decode(t.IdToken!));
      const refreshes = [first, r1, r2].map((t) => decode(t.RefreshToken!));
      const origin = accesses[0].origin_jti;
      expect(origin).toMatch(/^[0-9a-f-]{36}$/);
      for (const claims of [...accesses, ...ids, ...refreshes]) expect(claims.origin_jti).toBe(origin);
      expect(new Set(accesses.map((c) => c.jti)).size).toBe(3);
      expect(new Set(refreshes.map((c) => c.jti)).size).toBe(3);
      const other = decode((await local.tokens(username)).AccessToken!);
      expect(other.origin_jti).not.toBe(origin);
    });
  });
});
