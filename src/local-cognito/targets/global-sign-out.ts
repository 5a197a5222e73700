import type { GlobalSignOutRequest } from '@aws-sdk/client-cognito-identity-provider';
import { attributeValue } from '../token-service';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** GlobalSignOut: every sign-in session of the caller dies (refresh tokens and the access tokens minted from them). */
export const globalSignOut = (fx: Fidelity): Handler =>
  handler<GlobalSignOutRequest>(async (ctx, req) => {
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    fx.signInSessions.revokeAll(pool.options.Id, attributeValue(user, 'sub') ?? user.Username);
    return {};
  });
