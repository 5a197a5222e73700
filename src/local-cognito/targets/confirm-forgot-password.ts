import type { ConfirmForgotPasswordRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { checkConfirmationCode } from './confirmation-code';

const CODE_LIFETIME_MS = 60 * 60_000;

/**
 * ConfirmForgotPassword: the code expires an hour after it was sent (ExpiredCodeException, as on AWS); the
 * new password must satisfy the policy; SECRET_HASH as for ForgotPassword.
 */
export const confirmForgotPassword = (fx: Fidelity): Handler =>
  handler<ConfirmForgotPasswordRequest>(async (ctx, req) => {
    const pool = await checkConfirmationCode(fx, ctx, req, CODE_LIFETIME_MS);
    fx.auth.assertPasswordPolicy(pool, req.Password ?? '');
    return fx.original('ConfirmForgotPassword')(ctx, req as never);
  });
