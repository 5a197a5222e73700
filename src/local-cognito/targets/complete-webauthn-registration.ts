import type { CompleteWebAuthnRegistrationRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';

/** CompleteWebAuthnRegistration: verifies the browser's RegistrationResponseJSON and keeps the passkey. */
export const completeWebAuthnRegistration = (fx: Fidelity): Handler =>
  handler<CompleteWebAuthnRegistrationRequest>(async (ctx, req) => {
    const { pool, user, claims } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    await fx.passkeys.completeRegistration(pool, user, claims.client_id, req.Credential);
    return {};
  });
