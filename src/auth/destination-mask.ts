import { createHmac } from 'node:crypto';

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** Cognito's mask: first character of the local part and of the domain (`a***@e***`). */
export function maskDestination(destination: string): string {
  if (destination.includes('*')) return destination;
  if (EMAIL.test(destination)) {
    const [local, domain] = destination.split('@');
    return `${local[0]}***@${domain[0]}***`;
  }
  return `+*******${destination.slice(-4)}`;
}

/**
 * A stable, plausible destination for a user who gets no code (the username's mask if it is an email):
 * keyed by a server-side secret, so that no one else can work out what an unknown user would get.
 */
export function simulatedDestination(username: string, secret: string): string {
  if (EMAIL.test(username)) return maskDestination(username);
  const digest = createHmac('sha256', secret).update(username).digest();
  const letter = (byte: number): string => String.fromCharCode(97 + (byte % 26));
  return `${letter(digest[0])}***@${letter(digest[1])}***`;
}
