const TOTP_ISSUER = 'Cognito Gateway';

/** The `otpauth://` URI an authenticator app reads from a QR code. */
export function otpauthUri(account: string, secret: string): string {
  const issuer = encodeURIComponent(TOTP_ISSUER);
  return `otpauth://totp/${issuer}:${encodeURIComponent(account)}?secret=${secret}&issuer=${issuer}&algorithm=SHA1&digits=6&period=30`;
}
