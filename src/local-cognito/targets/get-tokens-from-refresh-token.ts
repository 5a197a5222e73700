import type { GetTokensFromRefreshTokenRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { rotationOf } from '../refresh-token-rotation';

/**
 * GetTokensFromRefreshToken: new access and id tokens of the refresh token's session; on an app client
 * with rotation on, a new refresh token of that same session too (the presented one then lives for the
 * grace period only). DeviceKey and ClientMetadata are accepted and unused: no device tracking, no triggers.
 */
export const getTokensFromRefreshToken = (fx: Fidelity): Handler =>
  handler<GetTokensFromRefreshTokenRequest>(async (ctx, req) => {
    const { client, pool } = await fx.auth.clientAndPool(ctx, req.ClientId);
    if (!req.RefreshToken) throw fx.errors.invalidParameter('Missing required parameter RefreshToken');
    fx.auth.assertClientSecret(client, req.ClientSecret);
    return {
      AuthenticationResult: await fx.tokens.refresh(ctx, pool, client, req.RefreshToken, rotationOf(client)),
    };
  });
