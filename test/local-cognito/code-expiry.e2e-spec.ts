import {
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { failure, PASSWORD, useEmulator } from '../support/emulator';

const HOUR = 60 * 60_000;
const NEW_PASSWORD = 'N3w#Passw0rd!';

/**
 * Codes expire as on AWS — a password reset code after an hour, a sign-up confirmation code after a day —
 * with ExpiredCodeException; the emulator clock (setClockOffset) ages them.
 */
describe('local Cognito: codes expire (official clients against the embedded emulator)', () => {
  const local = useEmulator();

  const forgot = (username: string) =>
    local.sdk.send(new ForgotPasswordCommand({ ClientId: local.emu.clientId, Username: username }));
  const confirmReset = (username: string, code: string) =>
    local.sdk.send(
      new ConfirmForgotPasswordCommand({
        ClientId: local.emu.clientId,
        Username: username,
        ConfirmationCode: code,
        Password: NEW_PASSWORD,
      }),
    );

  it('a password reset code is good for an hour; then ExpiredCodeException, and a new code works', async () => {
    const username = await local.confirmedUser();
    const sent = await forgot(username);
    expect(sent.CodeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: 'u***@e***',
    });
    const code = local.emu.lastCode(username)!;
    local.emu.setClockOffset(HOUR + 60_000);
    expect(await failure(confirmReset(username, code))).toMatchObject({
      name: 'ExpiredCodeException',
      message: 'Invalid code provided, please request a code again.',
    });
    await forgot(username);
    await confirmReset(username, local.emu.lastCode(username)!);
    expect((await local.passwordSignIn(username, NEW_PASSWORD)).AuthenticationResult).toBeDefined();
  });

  it('a code just short of its hour still works; a wrong one is CodeMismatchException, not expired', async () => {
    const username = await local.confirmedUser();
    await forgot(username);
    const code = local.emu.lastCode(username)!;
    local.emu.setClockOffset(HOUR - 5 * 60_000);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await failure(confirmReset(username, wrong))).toMatchObject({ name: 'CodeMismatchException' });
    await confirmReset(username, code);
  });

  it('a sign-up confirmation code is good for a day; then ExpiredCodeException', async () => {
    const signUp = async (username: string) => {
      await local.sdk.send(
        new SignUpCommand({
          ClientId: local.emu.clientId,
          Username: username,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        }),
      );
      return local.emu.lastCode(username)!;
    };
    const confirm = (username: string, code: string) =>
      local.sdk.send(
        new ConfirmSignUpCommand({
          ClientId: local.emu.clientId,
          Username: username,
          ConfirmationCode: code,
        }),
      );
    const late = local.uniqueName('late');
    const lateCode = await signUp(late);
    const prompt = local.uniqueName('prompt');
    const promptCode = await signUp(prompt);
    local.emu.setClockOffset(24 * HOUR + 60_000);
    expect(await failure(confirm(late, lateCode))).toMatchObject({ name: 'ExpiredCodeException' });
    local.emu.setClockOffset(23 * HOUR);
    await confirm(prompt, promptCode);
    const user = await local.sdk.send(
      new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: prompt }),
    );
    expect(user.UserStatus).toBe('CONFIRMED');
  });
});
