import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  GetUserCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import {
  confirmResetPassword,
  confirmSignIn,
  deleteUser,
  fetchAuthSession,
  fetchMFAPreference,
  fetchUserAttributes,
  getCurrentUser,
  resetPassword,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  updatePassword,
  updateUserAttributes,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { ConsoleLogger, sharedInMemoryStorage } from 'aws-amplify/utils';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';
import { totp } from '../support/totp';

const NEW_PASSWORD = 'N3w#Passw0rd!';

/**
 * AWS Amplify JS v6 (`aws-amplify/auth`, the client most Cognito frontends use) against the local Cognito,
 * in Node: Amplify's custom endpoint (`userPoolEndpoint`) and its in-memory token store, since Node has
 * no localStorage. Each journey is what a frontend does; a tally of the passed ones is printed at the end.
 */
describe('local Cognito: AWS Amplify v6 journeys', () => {
  const local = useEmulator();
  const passed: string[] = [];
  const journeys: string[] = [];

  /** A journey: a test whose name is counted, and whose pass is tallied. */
  const journey = (name: string, fn: () => Promise<void>) => {
    journeys.push(name);
    it(`journey: ${name}`, async () => {
      await fn();
      passed.push(name);
    });
  };

  /** Amplify on an app client of the local pool, its tokens kept in memory (Node has no localStorage). */
  const configure = (clientId: string) => {
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: local.emu.userPoolId,
          userPoolClientId: clientId,
          userPoolEndpoint: local.emu.endpoint,
        },
      },
    });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
  };

  beforeAll(() => {
    // Amplify warns on every configure with a custom endpoint; the endpoint is the point here.
    ConsoleLogger.LOG_LEVEL = 'ERROR';
    configure(local.emu.clientId);
  });
  afterEach(async () => {
    await signOut().catch(() => undefined);
  });
  afterAll(() => {
    process.stdout.write(`Amplify v6 journeys passed: ${passed.length}/${journeys.length}\n`);
  });

  /** The refresh token Amplify keeps for the signed-in user (what its next refresh will present). */
  const storedRefreshToken = async (clientId: string, username: string): Promise<string | null> =>
    sharedInMemoryStorage.getItem(`CognitoIdentityServiceProvider.${clientId}.${username}.refreshToken`);

  const accessToken = async (): Promise<string> => {
    const { tokens } = await fetchAuthSession();
    return tokens!.accessToken.toString();
  };

  journey('signIn with SRP (the default flow)', async () => {
    const username = await local.confirmedUser();
    const result = await signIn({ username, password: PASSWORD });
    expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await getCurrentUser()).username).toBe(username);
    const { tokens } = await fetchAuthSession();
    expect(tokens!.accessToken.payload.username).toBe(username);
    expect(tokens!.idToken!.payload['cognito:username']).toBe(username);
  });

  journey('signIn with USER_PASSWORD_AUTH; a wrong password is NotAuthorizedException', async () => {
    const username = await local.confirmedUser();
    const wrong = await failure(
      signIn({ username, password: 'Wrong#Passw0rd', options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
    );
    expect(wrong).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const result = await signIn({
      username,
      password: PASSWORD,
      options: { authFlowType: 'USER_PASSWORD_AUTH' },
    });
    expect(result.nextStep.signInStep).toBe('DONE');
    expect(decode(await accessToken()).username).toBe(username);
  });

  journey('confirmSignIn answers the new-password challenge of an invited user', async () => {
    const username = local.uniqueName('invited');
    await local.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: local.emu.userPoolId,
        Username: username,
        TemporaryPassword: 'Temp#Passw0rd1',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    const first = await signIn({ username, password: 'Temp#Passw0rd1' });
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const done = await confirmSignIn({ challengeResponse: NEW_PASSWORD });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const user = await local.sdk.send(
      new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
    );
    expect(user.UserStatus).toBe('CONFIRMED');
  });

  journey('setUpTOTP, verifyTOTPSetup, updateMFAPreference; confirmSignIn answers TOTP', async () => {
    const username = await local.confirmedUser();
    await signIn({ username, password: PASSWORD });
    const setup = await setUpTOTP();
    expect(setup.sharedSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.getSetupUri('Gateway').toString()).toContain(`secret=${setup.sharedSecret}`);
    await verifyTOTPSetup({ code: totp(setup.sharedSecret), options: { friendlyDeviceName: 'phone' } });
    await updateMFAPreference({ totp: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    await signOut();

    const challenge = await signIn({ username, password: PASSWORD });
    expect(challenge.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const wrongCode = totp(setup.sharedSecret) === '000000' ? '111111' : '000000';
    expect(await failure(confirmSignIn({ challengeResponse: wrongCode }))).toMatchObject({
      name: 'CodeMismatchException',
    });
    const done = await confirmSignIn({ challengeResponse: totp(setup.sharedSecret) });
    expect(done.nextStep.signInStep).toBe('DONE');
  });

  journey('updatePassword: the new password signs in, the old one no longer does', async () => {
    const username = await local.confirmedUser();
    await signIn({ username, password: PASSWORD });
    expect(
      await failure(updatePassword({ oldPassword: 'Wrong#Passw0rd', newPassword: NEW_PASSWORD })),
    ).toMatchObject({ name: 'NotAuthorizedException' });
    await updatePassword({ oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
    await signOut();
    expect(await failure(signIn({ username, password: PASSWORD }))).toMatchObject({
      name: 'NotAuthorizedException',
    });
    expect((await signIn({ username, password: NEW_PASSWORD })).isSignedIn).toBe(true);
  });

  journey('fetchUserAttributes and updateUserAttributes', async () => {
    const username = await local.confirmedUser();
    await signIn({ username, password: PASSWORD });
    const before = await fetchUserAttributes();
    expect(before).toMatchObject({ email: `${username}@example.com`, email_verified: 'true' });
    expect(before.sub).toMatch(/^[0-9a-f-]{36}$/);
    const updated = await updateUserAttributes({
      userAttributes: { given_name: 'Ada', family_name: 'Lovelace' },
    });
    expect(updated).toEqual({
      given_name: { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } },
      family_name: { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } },
    });
    expect(await fetchUserAttributes()).toMatchObject({ given_name: 'Ada', family_name: 'Lovelace' });
  });

  journey('signOut({global: true}) ends every session of the user', async () => {
    const username = await local.confirmedUser();
    const elsewhere = await local.tokens(username);
    await signIn({ username, password: PASSWORD });
    const mine = await accessToken();
    await signOut({ global: true });
    for (const token of [mine, elsewhere.AccessToken!]) {
      expect(await failure(local.sdk.send(new GetUserCommand({ AccessToken: token })))).toMatchObject({
        name: 'NotAuthorizedException',
      });
    }
    expect(await failure(local.refresh(elsewhere.RefreshToken!))).toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
  });

  journey('resetPassword and confirmResetPassword with the code sent', async () => {
    const username = await local.confirmedUser();
    const started = await resetPassword({ username });
    expect(started).toEqual({
      isPasswordReset: false,
      nextStep: {
        resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
        codeDeliveryDetails: {
          deliveryMedium: 'EMAIL',
          destination: expect.stringMatching(/^u\*\*\*@e\*\*\*$/),
          attributeName: 'email',
        },
      },
    });
    const code = local.emu.lastCode(username)!;
    const wrongCode = code === '000000' ? '111111' : '000000';
    expect(
      await failure(
        confirmResetPassword({ username, confirmationCode: wrongCode, newPassword: NEW_PASSWORD }),
      ),
    ).toMatchObject({ name: 'CodeMismatchException' });
    await confirmResetPassword({ username, confirmationCode: code, newPassword: NEW_PASSWORD });
    expect((await signIn({ username, password: NEW_PASSWORD })).isSignedIn).toBe(true);
  });

  journey('deleteUser: the account is gone and its tokens are refused', async () => {
    const username = await local.confirmedUser();
    await signIn({ username, password: PASSWORD });
    const token = await accessToken();
    await deleteUser();
    expect(
      await failure(
        local.sdk.send(new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: username })),
      ),
    ).toMatchObject({ name: 'UserNotFoundException' });
    // refused either way: the user does not exist (AWS), or the token has been revoked with it
    const refused = await failure(local.sdk.send(new GetUserCommand({ AccessToken: token })));
    expect(['UserNotFoundException', 'NotAuthorizedException']).toContain(refused.name);
    expect(await failure(signIn({ username, password: PASSWORD }))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  journey(
    'MFA required by the pool: signIn leads to TOTP set-up, confirmSignIn enrols and signs in',
    async () => {
      const mfa = (MfaConfiguration: 'ON' | 'OPTIONAL') =>
        local.sdk.send(
          new SetUserPoolMfaConfigCommand({
            UserPoolId: local.emu.userPoolId,
            MfaConfiguration,
            SoftwareTokenMfaConfiguration: { Enabled: true },
          }),
        );
      await mfa('ON');
      try {
        const username = await local.confirmedUser();
        const first = await signIn({ username, password: PASSWORD });
        expect(first.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
        const secret =
          first.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP'
            ? first.nextStep.totpSetupDetails.sharedSecret
            : '';
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        const done = await confirmSignIn({ challengeResponse: totp(secret) });
        expect(done.nextStep.signInStep).toBe('DONE');
        expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
      } finally {
        await mfa('OPTIONAL');
      }
    },
  );

  journey(
    'fetchAuthSession({forceRefresh: true}) on the seeded client, which rotates refresh tokens',
    async () => {
      const username = await local.confirmedUser();
      await signIn({ username, password: PASSWORD });
      const first = await accessToken();
      const firstRefresh = await storedRefreshToken(local.emu.clientId, username);
      expect(firstRefresh).toEqual(expect.any(String));

      const refreshed = await fetchAuthSession({ forceRefresh: true });
      const second = refreshed.tokens!.accessToken.toString();
      expect(decode(second).jti).not.toBe(decode(first).jti);
      expect(decode(second).origin_jti).toBe(decode(first).origin_jti);
      const rotated = await storedRefreshToken(local.emu.clientId, username);
      expect(rotated).not.toBe(firstRefresh);

      // Past the seeded client's grace period (60 s) the rotated-out token is refused; Amplify's still works.
      local.emu.setClockOffset(61_000);
      expect(await failure(local.refresh(firstRefresh!))).toMatchObject({
        name: 'RefreshTokenReuseException',
      });
      const again = await fetchAuthSession({ forceRefresh: true });
      expect(decode(again.tokens!.accessToken.toString()).username).toBe(username);
      expect(await storedRefreshToken(local.emu.clientId, username)).not.toBe(rotated);
    },
  );

  journey('fetchAuthSession({forceRefresh: true}) on an app client without rotation', async () => {
    const { UserPoolClient: client } = await local.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: local.emu.userPoolId,
        ClientName: 'no-rotation',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = client!.ClientId!;
    configure(clientId);
    try {
      const username = await local.confirmedUser();
      await signIn({ username, password: PASSWORD });
      const first = await accessToken();
      const refreshToken = await storedRefreshToken(clientId, username);
      const refreshed = await fetchAuthSession({ forceRefresh: true });
      const second = refreshed.tokens!.accessToken.toString();
      expect(decode(second).jti).not.toBe(decode(first).jti);
      expect(decode(second).client_id).toBe(clientId);
      // no rotation: the same refresh token stays, and keeps working
      expect(await storedRefreshToken(clientId, username)).toBe(refreshToken);
      expect((await fetchAuthSession({ forceRefresh: true })).tokens).toBeDefined();
    } finally {
      await signOut().catch(() => undefined);
      configure(local.emu.clientId);
    }
  });
});
