import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { Context } from 'cognito-local/lib/services/context';
import type { Messages } from 'cognito-local/lib/services/messages';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService';

export interface LocalCognitoMessage {
  operation: string;
  username: string;
  /** EMAIL or SMS, as Cognito would have sent it. */
  medium?: string;
  destination?: string;
  code: string;
}

/** What Cognito would have sent, by the operation that sent it. */
const KIND_BY_OPERATION: Record<string, string> = {
  AdminCreateUser: 'temporary password',
  ForgotPassword: 'password reset code',
  SignUp: 'sign-up confirmation code',
  ResendConfirmationCode: 'sign-up confirmation code',
  // cognito-local's names for the codes of (Admin)UpdateUserAttributes and GetUserAttributeVerificationCode.
  UpdateUserAttribute: 'verification code',
  VerifyUserAttribute: 'verification code',
  Authentication: 'sign-in code',
  PasswordlessInvitation: 'invitation (no password: sign in with a code)',
};

/** Cognito's mask: the first character of the local part and of the domain, the last 4 digits. */
export function masked(medium: string | undefined, destination: string): string {
  if (medium !== 'SMS' && destination.includes('@')) {
    const [local, domain] = destination.split('@');
    return `${local[0]}***@${domain[0]}***`;
  }
  return `+*******${destination.slice(-4)}`;
}

/** One line naming what would have been sent, to whom and where: `temporary password for bob, by email to b***@e***: …`. */
export function describeMessage(m: LocalCognitoMessage): string {
  const kind = KIND_BY_OPERATION[m.operation] ?? `code (${m.operation})`;
  const by = m.medium === 'SMS' ? 'by SMS' : 'by email';
  const to = m.destination ? ` to ${masked(m.medium, m.destination)}` : '';
  return `${kind} for ${m.username}, ${by}${to}${m.code ? `: ${m.code}` : ''}`;
}

/** Messages Cognito would send (codes, temporary passwords): kept for tests, and shown. */
export function messageService(
  messages: LocalCognitoMessage[],
  onMessage: (m: LocalCognitoMessage) => void,
): Messages {
  return {
    deliver: (_ctx, source, _clientId, _poolId, user, code, _metadata, details) => {
      // AdminCreateUser with no password to send: the passwordless user's invitation.
      const operation = source === 'AdminCreateUser' && !code ? 'PasswordlessInvitation' : source;
      const message: LocalCognitoMessage = { operation, username: user.Username, code };
      if (details?.Destination) message.destination = details.Destination;
      if (details?.DeliveryMedium) message.medium = details.DeliveryMedium;
      messages.push(message);
      onMessage(message);
      return Promise.resolve();
    },
  };
}

export function printMessage(m: LocalCognitoMessage): void {
  process.stdout.write(`[local-cognito] ${describeMessage(m)}\n`);
}

/** Where a sign-in code goes: the user's email or phone number. */
export const CODE_CHANNELS = {
  EMAIL: { DeliveryMedium: 'EMAIL', AttributeName: 'email' },
  SMS: { DeliveryMedium: 'SMS', AttributeName: 'phone_number' },
} as const;

/** Sends a sign-in code (SMS_MFA, EMAIL_OTP, SMS_OTP) to `address`; answers the address masked. */
export async function sendSignInCode(
  messages: Messages,
  ctx: Context,
  target: { pool: UserPoolService; client: AppClient; user: User },
  code: string,
  medium: keyof typeof CODE_CHANNELS,
  address: string,
): Promise<string> {
  const { pool, client, user } = target;
  await messages.deliver(ctx, 'Authentication', client.ClientId, pool.options.Id, user, code, undefined, {
    ...CODE_CHANNELS[medium],
    Destination: address,
  });
  return masked(medium, address);
}
