import type { ForgotPasswordRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { DeliveryDetails } from 'cognito-local/lib/services/messageDelivery/messageDelivery';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';
import { masked } from '../messages';
import { attributeValue } from '../token-service';

/**
 * ForgotPassword: a user without email gets AWS's InvalidParameterException (cognito-local answers a 500);
 * SECRET_HASH checked for an app client with a secret; the code and its sending time stored in one write,
 * for its expiry; the destination masked in the answer, as AWS masks it (cognito-local gives the whole
 * address). An unknown user costs the same work (a code made, a write of the pool's data) before
 * UserNotFoundException, so that the time taken does not tell unknown users from real ones.
 */
export const forgotPassword = (fx: Fidelity): Handler =>
  handler<ForgotPasswordRequest>(async (ctx, req) => {
    const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertSecretHash(client, req.Username, req.SecretHash);
    const user: LocalUser | null = await pool.getUserByUsername(ctx, req.Username ?? '');
    const email = user ? attributeValue(user, 'email') : undefined;
    if (user && !email) {
      throw fx.errors.invalidParameter(
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    }
    const code = fx.services.otp();
    if (!user || !email) {
      // The write a stored code costs, of the pool's data as it is.
      await pool.updateOptions(ctx, pool.options);
      throw fx.errors.userNotFound();
    }
    const delivery: DeliveryDetails = {
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: email,
    };
    await fx.services.messages.deliver(
      ctx,
      'ForgotPassword',
      client.ClientId,
      pool.options.Id,
      user,
      code,
      req.ClientMetadata,
      delivery,
    );
    const now = fx.nowMs();
    await pool.saveUser(ctx, {
      ...user,
      UserLastModifiedDate: new Date(now),
      ConfirmationCode: code,
      ConfirmationCodeSentAt: now,
    } as LocalUser);
    return { CodeDeliveryDetails: { ...delivery, Destination: masked(delivery.DeliveryMedium, email) } };
  });
