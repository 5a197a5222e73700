import type { AdminDeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** AdminDeleteUser (cognito-local's), and the user's passkeys with them. */
export const adminDeleteUser = (fx: Fidelity): Handler =>
  handler<AdminDeleteUserRequest>(async (ctx, req) => {
    const pool = await fx.services.cognito.getUserPool(ctx, req.UserPoolId ?? '');
    const user = await pool.getUserByUsername(ctx, req.Username ?? '');
    const result = await fx.original('AdminDeleteUser')(ctx, req as never);
    if (user) fx.passkeys.removeUser(pool.options.Id, user);
    return result;
  });
