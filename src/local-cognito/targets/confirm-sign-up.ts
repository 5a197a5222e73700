import type { ConfirmSignUpRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { checkConfirmationCode } from './confirmation-code';

const CODE_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * ConfirmSignUp: the code expires 24 hours after it was sent (ExpiredCodeException, as on AWS); SECRET_HASH
 * checked for an app client with a secret.
 */
export const confirmSignUp = (fx: Fidelity): Handler =>
  handler<ConfirmSignUpRequest>(async (ctx, req) => {
    await checkConfirmationCode(fx, ctx, req, CODE_LIFETIME_MS);
    return fx.original('ConfirmSignUp')(ctx, req as never);
  });
