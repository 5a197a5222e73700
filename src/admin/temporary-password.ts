import { randomInt } from 'node:crypto';

/** The parts of a pool's password policy a generated password has to satisfy. */
export interface PasswordRules {
  MinimumLength?: number;
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
// A subset of Cognito's allowed symbols that needs no quoting anywhere (email, shell, JSON).
const SYMBOLS = '!#%+-=@^_~';
const MIN_GENERATED_LENGTH = 16;
const MAX_PASSWORD_LENGTH = 256;

/**
 * A random temporary password that satisfies the policy whatever its class requirements: it always
 * has a lowercase letter, an uppercase letter, a digit and a symbol, and at least the minimum length.
 */
export function generateTemporaryPassword(rules: PasswordRules = {}): string {
  const length = Math.min(Math.max(rules.MinimumLength ?? 0, MIN_GENERATED_LENGTH), MAX_PASSWORD_LENGTH);
  const pick = (set: string): string => set[randomInt(set.length)];
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
