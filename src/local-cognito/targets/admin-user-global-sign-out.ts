import type { AdminUserGlobalSignOutRequest } from '@aws-sdk/client-cognito-identity-provider';
import { attributeValue } from '../token-service';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** AdminUserGlobalSignOut: as GlobalSignOut, for any user of the pool. */
export const adminUserGlobalSignOut = (fx: Fidelity): Handler =>
  handler<AdminUserGlobalSignOutRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    const user = await pool.getUserByUsername(ctx, req.Username ?? '');
    if (!user) throw fx.errors.userNotFound();
    fx.signInSessions.revokeAll(pool.options.Id, attributeValue(user, 'sub') ?? user.Username);
    return {};
  });
