import type { UpdateUserAttributesRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';
import { attributeValue } from '../token-service';
import { VERIFIABLE_ATTRIBUTES } from './attribute-verification';

/**
 * UpdateUserAttributes, as AWS does in a pool without "keep original attribute value active": a new email
 * or phone number takes effect at once with its `*_verified` false, and when the pool auto-verifies it a
 * code goes to the new address (cognito-local does all that). We note what the code verifies and when it
 * was sent, so that VerifyUserAttribute checks it as AWS does.
 */
export const updateUserAttributes = (fx: Fidelity): Handler =>
  handler<UpdateUserAttributesRequest>(async (ctx, req) => {
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    const answer = (await fx.original('UpdateUserAttributes')(ctx, req as never)) as {
      CodeDeliveryDetailsList?: unknown[];
    };
    const updated = await pool.getUserByUsername(ctx, user.Username);
    if (
      !updated?.AttributeVerificationCode ||
      updated.AttributeVerificationCode === user.AttributeVerificationCode
    )
      return answer;
    const requested = new Set((req.UserAttributes ?? []).map((a) => a.Name));
    const verifies = Object.keys(VERIFIABLE_ATTRIBUTES).find(
      (name) => requested.has(name) && attributeValue(updated, `${name}_verified`) !== 'true',
    );
    await pool.saveUser(ctx, {
      ...updated,
      AttributeVerificationCodeFor: verifies,
      AttributeVerificationCodeSentAt: fx.nowMs(),
    } as LocalUser);
    return answer;
  });
