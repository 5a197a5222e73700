import type { User } from 'cognito-local/lib/services/userPoolService';

/** cognito-local's user record plus the fields our targets keep on it. */
export interface LocalUser extends User {
  /** Secret from AssociateSoftwareToken, waiting for VerifySoftwareToken. */
  PendingSoftwareTokenSecret?: string;
  /** When ForgotPassword or SignUp sent the ConfirmationCode (epoch ms): AWS's die after an hour or a day. */
  ConfirmationCodeSentAt?: number;
}
