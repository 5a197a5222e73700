import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decode, failure, PASSWORD, useEmulator } from '../support/emulator';

describe('local Cognito: passwords, temporary passwords and resets (official clients against the embedded emulator)', () => {
  const local = useEmulator();

  describe('3 + 4. passwords, temporary passwords and challenge refresh tokens', () => {
    it('answers NotAuthorizedException "Incorrect username or password." to a wrong password and to an unknown user', async () => {
      const username = await local.confirmedUser();
      for (const call of [
        local.passwordSignIn(username, 'Wrong#Passw0rd'),
        local.passwordSignIn('no-such-user'),
      ]) {
        expect(await failure(call)).toMatchObject({
          name: 'NotAuthorizedException',
          message: 'Incorrect username or password.',
        });
      }
    });

    it('checks the temporary password, then NEW_PASSWORD_REQUIRED gives a working refresh token', async () => {
      const username = local.uniqueName('invited');
      await local.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: local.emu.userPoolId,
          Username: username,
          TemporaryPassword: 'Temp#Passw0rd',
          MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        }),
      );
      expect(await failure(local.passwordSignIn(username, 'Wrong#Temp0'))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
      const wrongSrp = await local
        .identitySignIn(username, 'Wrong#Temp0', { newPassword: PASSWORD })
        .catch((e: Error) => e);
      expect(wrongSrp).toMatchObject({ code: 'NotAuthorizedException' });

      const { session } = await local.identitySignIn(username, 'Temp#Passw0rd', { newPassword: PASSWORD });
      const refreshed = await local.refresh(session.getRefreshToken().getToken());
      expect(decode(refreshed.AuthenticationResult!.AccessToken!).username).toBe(username);
      const status = await local.sdk.send(
        new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
      );
      expect(status.UserStatus).toBe('CONFIRMED');
    });

    it('rejects a NEW_PASSWORD that breaks the policy, and validates the challenge Session', async () => {
      const username = local.uniqueName('invited');
      await local.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: local.emu.userPoolId,
          Username: username,
          TemporaryPassword: 'Temp#Passw0rd',
          MessageAction: 'SUPPRESS',
        }),
      );
      const challenge = await local.passwordSignIn(username, 'Temp#Passw0rd');
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      const respond = (session: string | undefined, newPassword: string) =>
        local.sdk.send(
          new RespondToAuthChallengeCommand({
            ClientId: local.emu.clientId,
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
      local.emu.setClockOffset(3 * 60_000 + 5_000);
      expect(await failure(respond(challenge.Session, PASSWORD))).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user, session is expired.',
      });
      local.emu.setClockOffset(0);
      const fresh = await local.passwordSignIn(username, 'Temp#Passw0rd');
      const done = await respond(fresh.Session, PASSWORD);
      expect(done.AuthenticationResult!.RefreshToken).toBeDefined();
      expect(done.AuthenticationResult!.ExpiresIn).toBe(3600);
      await local.refresh(done.AuthenticationResult!.RefreshToken!);
    });
  });

  describe('7. AdminResetUserPassword', () => {
    it('sets RESET_REQUIRED, sends a code, refuses sign-in until ConfirmForgotPassword', async () => {
      const username = await local.confirmedUser();
      await local.sdk.send(
        new AdminResetUserPasswordCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
      );
      const user = await local.sdk.send(
        new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
      );
      expect(user.UserStatus).toBe('RESET_REQUIRED');
      const code = local.emu.lastCode(username);
      expect(code).toMatch(/^\d{6}$/);
      expect(local.emu.messages.at(-1)).toMatchObject({
        operation: 'AdminResetUserPassword',
        username,
        code,
      });
      expect(await failure(local.passwordSignIn(username))).toMatchObject({
        name: 'PasswordResetRequiredException',
        message: 'Password reset required for the user',
      });
      await local.sdk.send(
        new ConfirmForgotPasswordCommand({
          ClientId: local.emu.clientId,
          Username: username,
          ConfirmationCode: code,
          Password: 'Reset#Passw0rd',
        }),
      );
      expect(
        (
          await local.sdk.send(
            new AdminGetUserCommand({ UserPoolId: local.emu.userPoolId, Username: username }),
          )
        ).UserStatus,
      ).toBe('CONFIRMED');
      expect((await local.passwordSignIn(username, 'Reset#Passw0rd')).AuthenticationResult).toBeDefined();
    });

    it('ForgotPassword sends a code that ConfirmForgotPassword accepts', async () => {
      const username = await local.confirmedUser();
      const sent = await local.sdk.send(
        new ForgotPasswordCommand({ ClientId: local.emu.clientId, Username: username }),
      );
      // masked, as AWS masks it (the message itself keeps the whole address)
      expect(sent.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', Destination: 'u***@e***' });
      const code = local.emu.lastCode(username)!;
      expect(local.emu.messages.at(-1)).toMatchObject({ operation: 'ForgotPassword', username, code });
      await local.sdk.send(
        new ConfirmForgotPasswordCommand({
          ClientId: local.emu.clientId,
          Username: username,
          ConfirmationCode: code,
          Password: 'Forgot#Passw0rd',
        }),
      );
      expect((await local.passwordSignIn(username, 'Forgot#Passw0rd')).AuthenticationResult).toBeDefined();
    });
  });
});
