import type { AdminInitiateAuthRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** AdminInitiateAuth: the same checks and tokens as InitiateAuth (ADMIN_USER_PASSWORD_AUTH, USER_AUTH, refresh). */
export const adminInitiateAuth = (fx: Fidelity): Handler =>
  handler<AdminInitiateAuthRequest>(async (ctx, req) => {
    switch (req.AuthFlow) {
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        return fx.auth.passwordSignIn(ctx, req.ClientId, req.AuthParameters, 'ADMIN_USER_PASSWORD_AUTH');
      case 'USER_AUTH':
        return fx.choice.initiate(ctx, req.ClientId, req.AuthParameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return fx.auth.refresh(ctx, req.ClientId, req.AuthParameters);
      default:
        return fx.original('AdminInitiateAuth')(ctx, req as never);
    }
  });
