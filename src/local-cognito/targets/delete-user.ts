import type { DeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { attributeValue } from '../token-service';

/** DeleteUser: the caller is gone, and so are their sign-in sessions (refresh and access tokens) and passkeys. */
export const deleteUser = (fx: Fidelity): Handler =>
  handler<DeleteUserRequest>(async (ctx, req) => {
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    await pool.deleteUser(ctx, user);
    fx.signInSessions.revokeAll(pool.options.Id, attributeValue(user, 'sub') ?? user.Username);
    fx.passkeys.removeUser(pool.options.Id, user);
    return {};
  });
