import type { Context } from 'cognito-local/lib/services/context';
import type { UserPoolService } from 'cognito-local/lib/services/userPoolService';
import type { Fidelity } from '../fidelity';
import type { LocalUser } from '../local-user';

interface ConfirmationRequest {
  ClientId?: string;
  Username?: string;
  SecretHash?: string;
  ConfirmationCode?: string;
}

/**
 * What ConfirmSignUp and ConfirmForgotPassword check before cognito-local's own handler: SECRET_HASH for
 * an app client with a secret, and the stored code's age. A code that matches but was sent `lifetimeMs`
 * ago or more is ExpiredCodeException, as on AWS; any other mismatch is left to cognito-local.
 */
export async function checkConfirmationCode(
  fx: Fidelity,
  ctx: Context,
  req: ConfirmationRequest,
  lifetimeMs: number,
): Promise<UserPoolService> {
  const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
  fx.auth.assertSecretHash(client, req.Username, req.SecretHash);
  const user: LocalUser | null = await pool.getUserByUsername(ctx, req.Username ?? '');
  const sentAt = user?.ConfirmationCode === req.ConfirmationCode ? user?.ConfirmationCodeSentAt : undefined;
  if (sentAt !== undefined && fx.nowMs() - sentAt >= lifetimeMs) {
    throw fx.errors.make('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }
  return pool;
}
