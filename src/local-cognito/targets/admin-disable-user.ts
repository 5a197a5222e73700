import type { AdminDisableUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { attributeValue } from '../token-service';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** AdminDisableUser: like AWS, also revokes the user's tokens (sign-in and refresh are refused while disabled). */
export const adminDisableUser = (fx: Fidelity): Handler =>
  handler<AdminDisableUserRequest>(async (ctx, req) => {
    const result = await fx.original('AdminDisableUser')(ctx, req as never);
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    const user = await pool.getUserByUsername(ctx, req.Username ?? '');
    if (user) fx.signInSessions.revokeAll(pool.options.Id, attributeValue(user, 'sub') ?? user.Username);
    return result;
  });
