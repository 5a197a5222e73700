import { handler, type Fidelity, type Handler } from '../fidelity';

/**
 * Wraps one of cognito-local's targets that take an AccessToken (it only decodes it) with Cognito's checks:
 * signature, expiry, token_use, revocation. NotAuthorizedException otherwise.
 */
export const withAccessTokenCheck = (fx: Fidelity, target: string): Handler =>
  handler<{ AccessToken?: string }>(async (ctx, req) => {
    await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    return fx.original(target)(ctx, req as never);
  });
