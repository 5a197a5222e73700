import type {
  ForgotPasswordRequest,
  ForgotPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';
import { masked } from '../messages';
import { attributeValue } from '../token-service';

/**
 * ForgotPassword: a user without email gets AWS's InvalidParameterException (cognito-local answers a 500);
 * SECRET_HASH checked for an app client with a secret; the code's sending time kept for its expiry; the
 * destination masked in the answer, as AWS masks it (cognito-local gives the whole address).
 */
export const forgotPassword = (fx: Fidelity): Handler =>
  handler<ForgotPasswordRequest>(async (ctx, req) => {
    const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertSecretHash(client, req.Username, req.SecretHash);
    const user = await pool.getUserByUsername(ctx, req.Username ?? '');
    if (user && !attributeValue(user, 'email')) {
      throw fx.errors.invalidParameter(
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      );
    }
    const answer = (await fx.original('ForgotPassword')(ctx, req as never)) as ForgotPasswordResponse;
    const sent = await pool.getUserByUsername(ctx, req.Username ?? '');
    if (sent) await pool.saveUser(ctx, { ...sent, ConfirmationCodeSentAt: fx.nowMs() } as LocalUser);
    const delivery = answer.CodeDeliveryDetails;
    if (!delivery?.Destination) return answer;
    return {
      ...answer,
      CodeDeliveryDetails: {
        ...delivery,
        Destination: masked(delivery.DeliveryMedium, delivery.Destination),
      },
    };
  });
