import type { ConfirmForgotPasswordRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';

const CODE_LIFETIME_MS = 60 * 60_000;

/**
 * ConfirmForgotPassword: the code expires an hour after it was sent (ExpiredCodeException, as on AWS); the
 * new password must satisfy the policy; SECRET_HASH as for ForgotPassword.
 */
export const confirmForgotPassword = (fx: Fidelity): Handler =>
  handler<ConfirmForgotPasswordRequest>(async (ctx, req) => {
    const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertSecretHash(client, req.Username, req.SecretHash);
    const user: LocalUser | null = await pool.getUserByUsername(ctx, req.Username ?? '');
    const sentAt = user?.ConfirmationCode === req.ConfirmationCode ? user?.ConfirmationCodeSentAt : undefined;
    if (sentAt !== undefined && fx.nowMs() - sentAt >= CODE_LIFETIME_MS) {
      throw fx.errors.make('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    }
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    return fx.original('ConfirmForgotPassword')(ctx, req as never);
  });
