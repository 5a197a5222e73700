import type { Context } from 'cognito-local/lib/services/context';
import type { Messages } from 'cognito-local/lib/services/messages';
import type { Fidelity } from '../fidelity';
import type { LocalUser } from '../local-user';
import { attributeValue } from '../token-service';

type DeliveryDetails = Parameters<Messages['deliver']>[7];

/** The attributes a code can verify, and how the code reaches them. */
export const VERIFIABLE_ATTRIBUTES: Record<string, 'EMAIL' | 'SMS'> = { email: 'EMAIL', phone_number: 'SMS' };
/** AWS: an attribute verification code is valid for 24 hours. */
export const ATTRIBUTE_CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Sends a new code for `attribute` to the address it holds, and keeps the code with what it verifies and
 * when it was sent. The message goes out under cognito-local's name for the operation that sent it.
 */
export async function sendAttributeCode(
  fx: Fidelity,
  ctx: Context,
  poolId: string,
  user: LocalUser,
  attribute: string,
  operation: Parameters<Messages['deliver']>[1],
): Promise<DeliveryDetails> {
  const medium = VERIFIABLE_ATTRIBUTES[attribute];
  if (!medium) throw fx.errors.invalidParameter(`Cannot verify the attribute ${attribute}`);
  const destination = attributeValue(user, attribute);
  if (!destination) throw fx.errors.invalidParameter(`The user has no ${attribute} to verify`);
  const code = fx.services.otp();
  const pool = await fx.services.cognito.getUserPool(ctx, poolId);
  await pool.saveUser(ctx, {
    ...user,
    AttributeVerificationCode: code,
    AttributeVerificationCodeFor: attribute,
    AttributeVerificationCodeSentAt: fx.nowMs(),
  } as LocalUser);
  const details = {
    AttributeName: attribute,
    DeliveryMedium: medium,
    Destination: destination,
  } as DeliveryDetails;
  await fx.services.messages.deliver(ctx, operation, null, poolId, user, code, undefined, details);
  return details;
}
