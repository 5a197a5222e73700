import type { AdminResetUserPasswordRequest } from '@aws-sdk/client-cognito-identity-provider';
import { attributeValue } from '../token-service';
import { handler, type Fidelity, type Handler } from '../fidelity';

/**
 * AdminResetUserPassword: status RESET_REQUIRED, a code is "sent" to the user's email; sign-in then answers
 * PasswordResetRequiredException until ConfirmForgotPassword with that code.
 */
export const adminResetUserPassword = (fx: Fidelity): Handler =>
  handler<AdminResetUserPasswordRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    const user = await pool.getUserByUsername(ctx, req.Username ?? '');
    if (!user) throw fx.errors.userNotFound();
    const email = attributeValue(user, 'email');
    if (!email) {
      throw fx.errors.invalidParameter(
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    }
    const code = fx.services.otp();
    const updated = {
      ...user,
      UserStatus: 'RESET_REQUIRED',
      ConfirmationCode: code,
      UserLastModifiedDate: new Date(fx.nowMs()),
    };
    await pool.saveUser(ctx, updated);
    await fx.services.messages.deliver(
      ctx,
      'AdminResetUserPassword' as 'ForgotPassword',
      null,
      pool.options.Id,
      updated,
      code,
      req.ClientMetadata,
      { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: email },
    );
    return {};
  });
