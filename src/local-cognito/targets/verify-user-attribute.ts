import type { VerifyUserAttributeRequest } from '@aws-sdk/client-cognito-identity-provider';
import { handler, type Fidelity, type Handler } from '../fidelity';
import type { LocalUser } from '../local-user';
import { ATTRIBUTE_CODE_LIFETIME_MS, VERIFIABLE_ATTRIBUTES } from './attribute-verification';

/**
 * VerifyUserAttribute: the code must be the last one sent for this attribute (CodeMismatchException) and
 * younger than 24 hours (ExpiredCodeException); then the attribute is verified, and a change the pool held
 * back until verification (AttributesRequireVerificationBeforeUpdate) takes effect.
 */
export const verifyUserAttribute = (fx: Fidelity): Handler =>
  handler<VerifyUserAttributeRequest>(async (ctx, req) => {
    const { pool, user } = await fx.tokens.checkAccessToken(ctx, req.AccessToken);
    const local = user as LocalUser;
    const name = req.AttributeName ?? '';
    if (!VERIFIABLE_ATTRIBUTES[name]) throw fx.errors.invalidParameter(`Cannot verify the attribute ${name}`);
    if (
      !local.AttributeVerificationCode ||
      local.AttributeVerificationCode !== req.Code ||
      (local.AttributeVerificationCodeFor ?? name) !== name
    ) {
      throw fx.errors.make('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    if (fx.nowMs() - (local.AttributeVerificationCodeSentAt ?? fx.nowMs()) > ATTRIBUTE_CODE_LIFETIME_MS) {
      throw fx.errors.make('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    }
    const held = (local.UnverifiedAttributeChanges ?? []).filter((a) => a.Name === name);
    const verified = [...held, { Name: `${name}_verified`, Value: 'true' }];
    const replaced = new Set(verified.map((a) => a.Name));
    await pool.saveUser(ctx, {
      ...local,
      Attributes: [...local.Attributes.filter((a) => !replaced.has(a.Name)), ...verified],
      UnverifiedAttributeChanges: (local.UnverifiedAttributeChanges ?? []).filter((a) => a.Name !== name),
      AttributeVerificationCode: undefined,
      AttributeVerificationCodeFor: undefined,
      AttributeVerificationCodeSentAt: undefined,
      UserLastModifiedDate: new Date(fx.nowMs()),
    } as LocalUser);
    return {};
  });
