import {
  AssociateSoftwareTokenCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';
import { totp } from '../support/totp';

describe('local Cognito: TOTP MFA (official clients against the embedded emulator)', () => {
  const local = useEmulator();

  describe('12. TOTP MFA', () => {
    async function enrolTotp(username: string): Promise<string> {
      const t = await local.tokens(username);
      const { SecretCode } = await local.sdk.send(
        new AssociateSoftwareTokenCommand({ AccessToken: t.AccessToken }),
      );
      expect(SecretCode).toMatch(/^[A-Z2-7]{32}$/);
      expect(
        await failure(
          local.sdk.send(
            new VerifySoftwareTokenCommand({ AccessToken: t.AccessToken, UserCode: wrongCode(SecretCode!) }),
          ),
        ),
      ).toMatchObject({ name: 'EnableSoftwareTokenMFAException' });
      const verified = await local.sdk.send(
        new VerifySoftwareTokenCommand({
          AccessToken: t.AccessToken,
          UserCode: totp(SecretCode!),
          FriendlyDeviceName: 'phone',
        }),
      );
      expect(verified.Status).toBe('SUCCESS');
      await local.sdk.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: t.AccessToken,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      );
      const me = await local.getUser(t.AccessToken!);
      expect(me.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');
      expect(me.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);
      return SecretCode!;
    }

    const wrongCode = (secret: string) => (totp(secret) === '000000' ? '111111' : '000000');

    it('USER_PASSWORD_AUTH then SOFTWARE_TOKEN_MFA with a real code; wrong code is CodeMismatchException', async () => {
      const username = await local.confirmedUser();
      const secret = await enrolTotp(username);
      const challenge = await local.passwordSignIn(username);
      expect(challenge.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      expect(challenge.ChallengeParameters).toMatchObject({
        FRIENDLY_DEVICE_NAME: 'phone',
        USER_ID_FOR_SRP: username,
      });
      const answer = (code: string, session = challenge.Session) =>
        local.sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: local.emu.clientId,
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
      const refreshed = await local.refresh(done.AuthenticationResult!.RefreshToken!);
      expect(decode(refreshed.AuthenticationResult!.AccessToken!).origin_jti).toBe(
        decode(done.AuthenticationResult!.AccessToken!).origin_jti,
      );
    });

    it('identity-js SRP sign-in answers the SOFTWARE_TOKEN_MFA challenge; its refresh token works', async () => {
      const username = await local.confirmedUser();
      const secret = await enrolTotp(username);
      const { session } = await local.identitySignIn(username, PASSWORD, { totpSecret: secret });
      expect(session.getAccessToken().payload.username).toBe(username);
      await local.refresh(session.getRefreshToken().getToken());
    });

    it('TOTP codes follow the emulator clock (setClockOffset)', async () => {
      const username = await local.confirmedUser();
      const secret = await enrolTotp(username);
      local.emu.setClockOffset(10 * 60_000);
      const challenge = await local.passwordSignIn(username);
      const answer = (code: string) =>
        local.sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: local.emu.clientId,
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
});
