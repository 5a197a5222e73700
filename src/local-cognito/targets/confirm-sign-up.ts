import type { ConfirmSignUpRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';

const CODE_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * ConfirmSignUp: the code expires 24 hours after it was sent (ExpiredCodeException, as on AWS); SECRET_HASH
 * checked for an app client with a secret.
 */
export const confirmSignUp = (fx: Fidelity): Handler =>
  handler<ConfirmSignUpRequest>(async (ctx, req) => {
    const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertSecretHash(client, req.Username, req.SecretHash);
    const user: LocalUser | null = await pool.getUserByUsername(ctx, req.Username ?? '');
    const sentAt = user?.ConfirmationCode === req.ConfirmationCode ? user?.ConfirmationCodeSentAt : undefined;
    if (sentAt !== undefined && fx.nowMs() - sentAt >= CODE_LIFETIME_MS) {
      throw fx.errors.make('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    }
    return fx.original('ConfirmSignUp')(ctx, req as never);
  });
