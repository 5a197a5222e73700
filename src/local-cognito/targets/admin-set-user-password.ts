import type { AdminSetUserPasswordRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** AdminSetUserPassword: the password must satisfy the policy. */
export const adminSetUserPassword = (fx: Fidelity): Handler =>
  handler<AdminSetUserPasswordRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    return fx.original('AdminSetUserPassword')(ctx, req as never);
  });
