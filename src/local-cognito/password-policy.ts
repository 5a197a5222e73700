import { randomInt } from 'node:crypto';

/** The subset of Cognito's PasswordPolicyType the emulator enforces. */
export interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
  TemporaryPasswordValidityDays?: number;
}

/** AWS's default policy for a new user pool. */
export const DEFAULT_PASSWORD_POLICY: Required<PasswordPolicy> = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** Returns AWS's InvalidPasswordException message for the first rule broken, or undefined. */
export function passwordPolicyViolation(
  password: string,
  policy: PasswordPolicy | undefined,
): string | undefined {
  const p = { ...DEFAULT_PASSWORD_POLICY, ...(policy ?? {}) };
  const prefix = 'Password does not conform to policy: ';
  if (password.length < p.MinimumLength) return `${prefix}Password not long enough`;
  if (p.RequireLowercase && !/[a-z]/.test(password))
    return `${prefix}Password must have lowercase characters`;
  if (p.RequireUppercase && !/[A-Z]/.test(password))
    return `${prefix}Password must have uppercase characters`;
  if (p.RequireNumbers && !/[0-9]/.test(password)) return `${prefix}Password must have numeric characters`;
  if (p.RequireSymbols && !/[^A-Za-z0-9]/.test(password))
    return `${prefix}Password must have symbol characters`;
  return undefined;
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-=@^_~';

/** A random password that satisfies any policy up to `length` characters (one of each class, then mixed). */
export function generatePassword(length = 16): string {
  const pick = (set: string): string => set[randomInt(set.length)];
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < Math.max(length, 8)) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
