import type { RevokeTokenRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/**
 * RevokeToken(refresh token): that sign-in session dies, with the access tokens it minted (origin_jti).
 * An app client with a secret must send it.
 */
export const revokeToken = (fx: Fidelity): Handler =>
  handler<RevokeTokenRequest>(async (ctx, req) => {
    const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    if (client.ClientSecret && req.ClientSecret !== client.ClientSecret) {
      throw fx.errors.notAuthorized(
        req.ClientSecret
          ? `Unable to verify secret for client ${client.ClientId}`
          : `Client ${client.ClientId} is configured for secret but secret was not received`,
      );
    }
    const { claims } = await fx.tokens.checkRefreshToken(ctx, pool, req.Token, req.ClientId);
    fx.signInSessions.revoke(pool.options.Id, claims.sub, claims.origin_jti);
    return {};
  });
