import {
  AdminUpdateUserAttributesCommand,
  AssociateSoftwareTokenCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describeMessage } from '../../src/local-cognito/messages';
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

describe('local Cognito: MFA required by the pool (MFA_SETUP)', () => {
  const local = useEmulator();

  beforeAll(async () => {
    await local.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: local.emu.userPoolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  });

  it('a user with no factor gets MFA_SETUP; enrolment on the Session, then tokens; next time SOFTWARE_TOKEN_MFA', async () => {
    const username = await local.confirmedUser();
    const challenge = await local.passwordSignIn(username);
    expect(challenge).toMatchObject({
      ChallengeName: 'MFA_SETUP',
      Session: expect.any(String),
      ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
    });
    expect(challenge.AuthenticationResult).toBeUndefined();
    const associated = await local.sdk.send(
      new AssociateSoftwareTokenCommand({ Session: challenge.Session }),
    );
    expect(associated.SecretCode).toMatch(/^[A-Z2-7]{32}$/);
    const secret = associated.SecretCode!;
    const verified = await local.sdk.send(
      new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(secret) }),
    );
    expect(verified.Status).toBe('SUCCESS');
    const done = await local.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: local.emu.clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: username },
      }),
    );
    expect(decode(done.AuthenticationResult!.AccessToken!).username).toBe(username);
    const me = await local.getUser(done.AuthenticationResult!.AccessToken!);
    expect(me.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');

    const again = await local.passwordSignIn(username);
    expect(again.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('MFA_SETUP answered before a code was verified is refused; the SRP sign-in gets MFA_SETUP too', async () => {
    const username = await local.confirmedUser();
    const challenge = await local.passwordSignIn(username);
    expect(
      await failure(
        local.sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: local.emu.clientId,
            ChallengeName: 'MFA_SETUP',
            Session: challenge.Session,
            ChallengeResponses: { USERNAME: username },
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' });
    const srp = await local.identitySignIn(username, PASSWORD).catch((e: Error) => e);
    expect(srp).toMatchObject({ message: 'unexpected MFA_SETUP' });
  });
});

describe('local Cognito: SMS_MFA', () => {
  const local = useEmulator();

  async function smsUser(): Promise<string> {
    const username = await local.confirmedUser();
    await local.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: local.emu.userPoolId,
        Username: username,
        UserAttributes: [
          { Name: 'phone_number', Value: '+15555550123' },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    );
    const t = await local.tokens(username);
    await local.sdk.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: t.AccessToken,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    return username;
  }

  const answer = (username: string, session: string | undefined, code: string) =>
    local.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: local.emu.clientId,
        ChallengeName: 'SMS_MFA',
        Session: session,
        ChallengeResponses: { USERNAME: username, SMS_MFA_CODE: code },
      }),
    );

  it('the code goes out by SMS (printed like every message), the destination masked; the code signs in', async () => {
    const username = await smsUser();
    const challenge = await local.passwordSignIn(username);
    expect(challenge).toMatchObject({
      ChallengeName: 'SMS_MFA',
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
        CODE_DELIVERY_DESTINATION: '+*******0123',
      },
    });
    const message = local.emu.messages.at(-1)!;
    expect(message).toMatchObject({ operation: 'Authentication', username, medium: 'SMS' });
    expect(describeMessage(message)).toBe(
      `sign-in code for ${username}, by SMS to +*******0123: ${message.code}`,
    );
    const wrong = message.code === '000000' ? '111111' : '000000';
    expect(await failure(answer(username, challenge.Session, wrong))).toMatchObject({
      name: 'CodeMismatchException',
    });
    const done = await answer(username, challenge.Session, message.code);
    expect(decode(done.AuthenticationResult!.AccessToken!).username).toBe(username);
  });

  it('the code lives as long as the challenge session (3 minutes); then the session is expired', async () => {
    const username = await smsUser();
    const challenge = await local.passwordSignIn(username);
    local.emu.setClockOffset(3 * 60_000 + 5_000);
    expect(await failure(answer(username, challenge.Session, local.emu.lastCode(username)!))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });
});
