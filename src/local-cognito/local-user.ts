import type { User } from 'cognito-local/lib/services/userPoolService';

/** cognito-local's user record plus the fields our targets keep on it. */
export interface LocalUser extends User {
  /** Secret from AssociateSoftwareToken, waiting for VerifySoftwareToken. */
  PendingSoftwareTokenSecret?: string;
  /** When ForgotPassword or SignUp sent the ConfirmationCode (epoch ms): AWS's die after an hour or a day. */
  ConfirmationCodeSentAt?: number;
  /** The attribute (email, phone_number) the AttributeVerificationCode was sent to verify. */
  AttributeVerificationCodeFor?: string;
  /** When that code was sent (epoch ms): AWS's attribute verification codes die after 24 hours. */
  AttributeVerificationCodeSentAt?: number;
}
