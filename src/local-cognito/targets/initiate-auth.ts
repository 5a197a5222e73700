import type { InitiateAuthRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/**
 * InitiateAuth: USER_PASSWORD_AUTH, USER_SRP_AUTH and USER_AUTH (choice-based) with real checks,
 * REFRESH_TOKEN_AUTH with revocation.
 */
export const initiateAuth = (fx: Fidelity): Handler =>
  handler<InitiateAuthRequest>(async (ctx, req) => {
    switch (req.AuthFlow) {
      case 'USER_PASSWORD_AUTH':
        return fx.auth.passwordSignIn(ctx, req.ClientId, req.AuthParameters, 'USER_PASSWORD_AUTH');
      case 'USER_SRP_AUTH':
        return fx.auth.srpStart(ctx, req.ClientId, req.AuthParameters);
      case 'USER_AUTH':
        return fx.choice.initiate(ctx, req.ClientId, req.AuthParameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return fx.auth.refresh(ctx, req.ClientId, req.AuthParameters);
      default:
        return fx.original('InitiateAuth')(ctx, req as never);
    }
  });
