import {
  CreateUserPoolCommand,
  DeleteUserCommand,
  DescribeUserPoolCommand,
  GetUserAttributeVerificationCodeCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { failure, useEmulator } from '../support/emulator';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('local Cognito: attribute verification, DeleteUser, DescribeUserPool (SDK v3 against the emulator)', () => {
  const local = useEmulator();

  const attributesOf = async (accessToken: string) =>
    Object.fromEntries(
      ((await local.getUser(accessToken)).UserAttributes ?? []).map((a) => [a.Name, a.Value]),
    );

  it('UpdateUserAttributes of the email leaves it unverified until VerifyUserAttribute takes the code', async () => {
    const username = await local.confirmedUser();
    const { AccessToken } = await local.tokens(username);
    const email = `${username}@moved.example.org`;
    const answer = await local.sdk.send(
      new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: email }] }),
    );
    expect(answer.CodeDeliveryDetailsList).toEqual([
      expect.objectContaining({ DeliveryMedium: 'EMAIL', Destination: email }),
    ]);
    expect(await attributesOf(AccessToken!)).toMatchObject({ email, email_verified: 'false' });
    const code = local.emu.lastCode(username)!;
    expect(
      await failure(
        local.sdk.send(
          new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'phone_number', Code: code }),
        ),
      ),
    ).toMatchObject({ name: 'CodeMismatchException' });
    await local.sdk.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }));
    expect(await attributesOf(AccessToken!)).toMatchObject({ email, email_verified: 'true' });
    // A code verifies once.
    expect(
      await failure(
        local.sdk.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code })),
      ),
    ).toMatchObject({ name: 'CodeMismatchException' });
  });

  it('GetUserAttributeVerificationCode says where the code went; a day later it is ExpiredCodeException', async () => {
    const username = await local.confirmedUser();
    const { AccessToken } = await local.tokens(username);
    local.emu.setClockOffset(-(DAY_MS + 60_000));
    const sent = await local.sdk.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    );
    local.emu.setClockOffset(0);
    expect(sent.CodeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: `${username}@example.com`,
    });
    expect(local.emu.messages.at(-1)).toMatchObject({ operation: 'VerifyUserAttribute', username });
    const code = local.emu.lastCode(username)!;
    expect(
      await failure(
        local.sdk.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code })),
      ),
    ).toMatchObject({ name: 'ExpiredCodeException' });
    expect(
      await failure(
        local.sdk.send(
          new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'phone_number' }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('DeleteUser removes the user and their sessions: the refresh token is dead too', async () => {
    const username = await local.confirmedUser();
    const t = await local.tokens(username);
    await local.sdk.send(new DeleteUserCommand({ AccessToken: t.AccessToken }));
    expect(await failure(local.getUser(t.AccessToken!))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await failure(local.refresh(t.RefreshToken!))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(await failure(local.tokens(username))).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('DescribeUserPool answers the whole policy it enforces, AWS’s defaults for what a pool left out', async () => {
    const seeded = await local.sdk.send(new DescribeUserPoolCommand({ UserPoolId: local.emu.userPoolId }));
    expect(seeded.UserPool?.Policies?.PasswordPolicy).toMatchObject({
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    const { UserPool: created } = await local.sdk.send(
      new CreateUserPoolCommand({ PoolName: 'partial', Policies: { PasswordPolicy: { MinimumLength: 12 } } }),
    );
    const described = await local.sdk.send(new DescribeUserPoolCommand({ UserPoolId: created!.Id }));
    expect(described.UserPool?.Policies?.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireUppercase: true,
      RequireSymbols: true,
    });
  });
});
