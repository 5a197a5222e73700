import type { GetUserAttributeVerificationCodeRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import { sendAttributeCode } from './attribute-verification';

/**
 * GetUserAttributeVerificationCode: a code for the named attribute, sent to the address it holds, and
 * where it went (cognito-local sends to whichever attribute the pool auto-verifies and answers nothing).
 */
export const getUserAttributeVerificationCode = (fx: Fidelity): Handler =>
  handler<GetUserAttributeVerificationCodeRequest>(async (ctx, req) => {
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    const details = await sendAttributeCode(
      fx,
      ctx,
      pool.options.Id,
      user,
      req.AttributeName ?? '',
      'VerifyUserAttribute',
    );
    return { CodeDeliveryDetails: details };
  });
