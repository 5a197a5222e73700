import type { ConfirmForgotPasswordRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** ConfirmForgotPassword: the new password must satisfy the policy; SECRET_HASH as for ForgotPassword. */
export const confirmForgotPassword = (fx: Fidelity): Handler =>
  handler<ConfirmForgotPasswordRequest>(async (ctx, req) => {
    const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertSecretHash(client, req.Username, req.SecretHash);
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    return fx.original('ConfirmForgotPassword')(ctx, req as never);
  });
