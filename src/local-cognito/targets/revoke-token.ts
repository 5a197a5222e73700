import type { RevokeTokenRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/**
 * RevokeToken(refresh token): that sign-in session dies, with the access tokens it minted (origin_jti) and
 * the refresh tokens rotation put in it. An app client with a secret must send it.
 */
export const revokeToken = (fx: Fidelity): Handler =>
  handler<RevokeTokenRequest>(async (ctx, req) => {
    const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    fx.auth.assertClientSecret(client, req.ClientSecret);
    const { claims } = await fx.tokens.checkRefreshToken(ctx, pool, req.Token, req.ClientId);
    fx.signInSessions.revoke(pool.options.Id, claims.sub, claims.origin_jti);
    return {};
  });
