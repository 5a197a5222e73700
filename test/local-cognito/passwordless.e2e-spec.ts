import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { SrpClient } from '../../src/cognito/srp';
import { describeMessage } from '../../src/local-cognito/messages';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';

type Responses = Record<string, string>;

describe('local Cognito: choice-based sign-in (USER_AUTH) and one-time codes, through the AWS SDK', () => {
  const local = useEmulator();

  const userAuth = (username: string, parameters: Responses = {}) =>
    local.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: local.emu.clientId,
        AuthParameters: { USERNAME: username, ...parameters },
      }),
    );

  const respond = (name: string, session: string | undefined, username: string, responses: Responses) =>
    local.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: local.emu.clientId,
        ChallengeName: name as never,
        Session: session,
        ChallengeResponses: { USERNAME: username, ...responses },
      }),
    );

  /** A CONFIRMED user with a password, a verified email and, when asked, a verified phone. */
  async function user(options: { phone?: boolean; emailVerified?: boolean } = {}): Promise<string> {
    const username = await local.confirmedUser();
    const attributes = [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: String(options.emailVerified ?? true) },
      ...(options.phone
        ? [
            { Name: 'phone_number', Value: '+15550001234' },
            { Name: 'phone_number_verified', Value: 'true' },
          ]
        : []),
    ];
    await local.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: local.emu.userPoolId,
        Username: username,
        UserAttributes: attributes,
      }),
    );
    return username;
  }

  const messagesTo = (username: string) => local.emu.messages.filter((m) => m.username === username);

  function expectTokensOf(result: InitiateAuthCommandOutput, username: string) {
    expect(result.AuthenticationResult?.TokenType).toBe('Bearer');
    expect(decode(result.AuthenticationResult!.AccessToken!).username).toBe(username);
  }

  it('the seeded pool allows every first factor, passkeys on localhost; the client allows USER_AUTH', async () => {
    const { UserPool } = await local.sdk.send(
      new DescribeUserPoolCommand({ UserPoolId: local.emu.userPoolId }),
    );
    expect(UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual([
      'PASSWORD',
      'EMAIL_OTP',
      'SMS_OTP',
      'WEB_AUTHN',
    ]);
    const mfa = await local.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: local.emu.userPoolId }));
    expect(mfa.WebAuthnConfiguration).toEqual({ RelyingPartyId: 'localhost', UserVerification: 'preferred' });
    const { UserPoolClient } = await local.sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: local.emu.userPoolId, ClientId: local.emu.clientId }),
    );
    expect(UserPoolClient?.ExplicitAuthFlows).toContain('ALLOW_USER_AUTH');
  });

  it('without PREFERRED_CHALLENGE: SELECT_CHALLENGE, then EMAIL_OTP with an 8-digit code, used once', async () => {
    const username = await user();
    const select = await userAuth(username);
    expect(select.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(select.AvailableChallenges).toEqual([
      'PASSWORD',
      'PASSWORD_SRP',
      'EMAIL_OTP',
      'SMS_OTP',
      'WEB_AUTHN',
    ]);
    const otp = await respond('SELECT_CHALLENGE', select.Session, username, { ANSWER: 'EMAIL_OTP' });
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    expect(otp.ChallengeParameters).toEqual({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
      CODE_DELIVERY_DESTINATION: 'u***@e***',
    });
    const message = messagesTo(username).at(-1)!;
    expect(message).toMatchObject({ operation: 'Authentication', medium: 'EMAIL' });
    expect(message.code).toMatch(/^\d{8}$/);
    expect(describeMessage(message)).toBe(
      `sign-in code for ${username}, by email to u***@e***: ${message.code}`,
    );
    // the SELECT_CHALLENGE session is spent once answered
    expect(
      await failure(respond('SELECT_CHALLENGE', select.Session, username, { ANSWER: 'EMAIL_OTP' })),
    ).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });

    const done = await respond('EMAIL_OTP', otp.Session, username, { EMAIL_OTP_CODE: message.code });
    expectTokensOf(done, username);
    expect(await local.refresh(done.AuthenticationResult!.RefreshToken!)).toHaveProperty(
      'AuthenticationResult',
    );
    expect(
      await failure(respond('EMAIL_OTP', otp.Session, username, { EMAIL_OTP_CODE: message.code })),
    ).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user.' });
  });

  it('PREFERRED_CHALLENGE EMAIL_OTP: a wrong code is CodeMismatchException; three spend the session', async () => {
    const username = await user();
    const otp = await userAuth(username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(otp.ChallengeName).toBe('EMAIL_OTP');
    const code = local.emu.lastCode(username)!;
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const answer = (c: string) => respond('EMAIL_OTP', otp.Session, username, { EMAIL_OTP_CODE: c });
    expect(await failure(answer(wrong))).toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid code received for user',
    });
    expectTokensOf(await answer(code), username);

    const again = await userAuth(username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const fresh = local.emu.lastCode(username)!;
    expect(fresh).not.toBe(code);
    const answerAgain = (c: string) => respond('EMAIL_OTP', again.Session, username, { EMAIL_OTP_CODE: c });
    for (let i = 0; i < 3; i++) {
      expect(await failure(answerAgain(wrong === fresh ? '22222222' : wrong))).toMatchObject({
        name: 'CodeMismatchException',
      });
    }
    expect(await failure(answerAgain(fresh))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
  });

  it('a code dies with its session, 3 minutes after it was sent', async () => {
    const username = await user();
    const otp = await userAuth(username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    local.emu.setClockOffset(3 * 60_000 + 5_000);
    expect(
      await failure(
        respond('EMAIL_OTP', otp.Session, username, { EMAIL_OTP_CODE: local.emu.lastCode(username)! }),
      ),
    ).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('SMS_OTP goes to the verified phone', async () => {
    const username = await user({ phone: true });
    const otp = await userAuth(username, { PREFERRED_CHALLENGE: 'SMS_OTP' });
    expect(otp.ChallengeName).toBe('SMS_OTP');
    expect(otp.ChallengeParameters).toEqual({
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
      CODE_DELIVERY_DESTINATION: '+*******1234',
    });
    const message = messagesTo(username).at(-1)!;
    expect(message).toMatchObject({
      operation: 'Authentication',
      medium: 'SMS',
      destination: '+15550001234',
    });
    expectTokensOf(await respond('SMS_OTP', otp.Session, username, { SMS_OTP_CODE: message.code }), username);
  });

  it('PASSWORD: straight away with PREFERRED_CHALLENGE, or chosen; a wrong one is refused', async () => {
    const username = await user();
    expectTokensOf(await userAuth(username, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }), username);
    expect(
      await failure(userAuth(username, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong#Passw0rd' })),
    ).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const select = await userAuth(username);
    expectTokensOf(
      await respond('SELECT_CHALLENGE', select.Session, username, { ANSWER: 'PASSWORD', PASSWORD }),
      username,
    );
    const asked = await userAuth(username, { PREFERRED_CHALLENGE: 'PASSWORD' });
    expect(asked.ChallengeName).toBe('PASSWORD');
    expectTokensOf(await respond('PASSWORD', asked.Session, username, { PASSWORD }), username);
  });

  it('PASSWORD_SRP: PASSWORD_VERIFIER, answered as in USER_SRP_AUTH', async () => {
    const username = await user();
    const srp = await SrpClient.create();
    const select = await userAuth(username);
    const verifier = await respond('SELECT_CHALLENGE', select.Session, username, {
      ANSWER: 'PASSWORD_SRP',
      SRP_A: srp.srpA,
    });
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER');
    const p = verifier.ChallengeParameters!;
    const claim = await srp.passwordClaim({
      userPoolId: local.emu.userPoolId,
      userIdForSrp: p.USER_ID_FOR_SRP,
      password: PASSWORD,
      srpB: p.SRP_B,
      salt: p.SALT,
      secretBlock: p.SECRET_BLOCK,
    });
    expectTokensOf(
      await respond('PASSWORD_VERIFIER', verifier.Session, username, {
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: claim.signature,
        TIMESTAMP: claim.timestamp,
      }),
      username,
    );
  });

  it('unknown users and users without a verified email get the same challenge, which fails at the answer', async () => {
    const unverified = await user({ emailVerified: false });
    const real = await userAuth(await user(), { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const before = local.emu.messages.length;
    for (const username of [local.uniqueName('nobody'), unverified]) {
      const otp = await userAuth(username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
      expect(otp.ChallengeName).toBe('EMAIL_OTP');
      expect(Object.keys(otp.ChallengeParameters!).sort()).toEqual(
        Object.keys(real.ChallengeParameters!).sort(),
      );
      expect(otp.ChallengeParameters!.CODE_DELIVERY_DESTINATION).toMatch(/^[a-z]\*\*\*@[a-z]\*\*\*$/);
      expect(otp.Session!.length).toBe(real.Session!.length);
      // the same made-up destination each time: asking twice tells nothing
      const twice = await userAuth(username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
      expect(twice.ChallengeParameters).toEqual(otp.ChallengeParameters);
      expect(
        await failure(respond('EMAIL_OTP', otp.Session, username, { EMAIL_OTP_CODE: '12345678' })),
      ).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    }
    expect(local.emu.messages.length).toBe(before);
    const select = await userAuth(local.uniqueName('nobody'));
    expect(select.AvailableChallenges).toEqual([
      'PASSWORD',
      'PASSWORD_SRP',
      'EMAIL_OTP',
      'SMS_OTP',
      'WEB_AUTHN',
    ]);
  });

  it('AdminCreateUser without a temporary password creates a passwordless user who signs in by code', async () => {
    const username = local.uniqueName('passwordless');
    const created = await local.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: local.emu.userPoolId,
        Username: username,
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect(created.User?.UserStatus).toBe('CONFIRMED');
    const invitation = messagesTo(username).at(-1)!;
    expect(invitation).toMatchObject({ operation: 'PasswordlessInvitation', code: '' });
    expect(describeMessage(invitation)).toBe(
      `invitation (no password: sign in with a code) for ${username}, by email to p***@e***`,
    );
    const stored = await local.sdk.send(
      new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
    );
    expect(stored.UserStatus).toBe('CONFIRMED');
    const select = await userAuth(username);
    expect(
      await failure(
        respond('SELECT_CHALLENGE', select.Session, username, { ANSWER: 'PASSWORD', PASSWORD: '' }),
      ),
    ).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const otp = await userAuth(username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expectTokensOf(
      await respond('EMAIL_OTP', otp.Session, username, { EMAIL_OTP_CODE: local.emu.lastCode(username)! }),
      username,
    );
  });

  it('an app client without ALLOW_USER_AUTH refuses the flow', async () => {
    const { UserPoolClient } = await local.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: local.emu.userPoolId,
        ClientName: 'password-only',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    expect(
      await failure(
        local.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_AUTH',
            ClientId: UserPoolClient!.ClientId,
            AuthParameters: { USERNAME: await user(), PREFERRED_CHALLENGE: 'EMAIL_OTP' },
          }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidParameterException',
      message: 'USER_AUTH flow not enabled for this client',
    });
  });
});
