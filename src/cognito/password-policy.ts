import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { PoolDescriptionCache } from './pool-description.cache';

/** The user pool's password policy, in the contract's words (API.md, PasswordPolicy). */
export interface PasswordPolicy {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

/** AWS's default for a new pool: what a description without a policy means. */
const COGNITO_DEFAULT_MINIMUM_LENGTH = 8;

export function passwordPolicyOf(pool: UserPoolType): PasswordPolicy {
  const policy = pool.Policies?.PasswordPolicy;
  if (!policy) {
    return {
      minimumLength: COGNITO_DEFAULT_MINIMUM_LENGTH,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: true,
    };
  }
  return {
    minimumLength: policy.MinimumLength ?? COGNITO_DEFAULT_MINIMUM_LENGTH,
    requireUppercase: policy.RequireUppercase === true,
    requireLowercase: policy.RequireLowercase === true,
    requireNumbers: policy.RequireNumbers === true,
    requireSymbols: policy.RequireSymbols === true,
  };
}

function listed(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The policy as one sentence: "Password must be at least 8 characters and contain an uppercase letter, …". */
export function passwordRules(policy: PasswordPolicy): string {
  const classes = [
    policy.requireUppercase ? 'an uppercase letter' : '',
    policy.requireLowercase ? 'a lowercase letter' : '',
    policy.requireNumbers ? 'a number' : '',
    policy.requireSymbols ? 'a symbol' : '',
  ].filter(Boolean);
  const contain = classes.length > 0 ? ` and contain ${listed(classes)}` : '';
  return `Password must be at least ${policy.minimumLength} characters${contain}`;
}

/** Cognito's reasons that the rules sentence says better (too short, a class of characters missing). */
const RULE_BROKEN = /not long enough|must have \w+ characters|does not meet the policy/i;

/** The pool's password policy, from the cached pool description, and the messages that state it. */
@Injectable()
export class PasswordPolicySource {
  constructor(private readonly pool: PoolDescriptionCache) {}

  async get(): Promise<PasswordPolicy> {
    return passwordPolicyOf(await this.pool.get());
  }

  /** The rules as a sentence, or undefined when the pool cannot be described right now. */
  async rules(): Promise<string | undefined> {
    try {
      return passwordRules(await this.get());
    } catch {
      return undefined;
    }
  }

  /**
   * Runs a step that sets a password: when Cognito refuses the password (INVALID_PASSWORD), the error
   * states the pool's rules, and keeps Cognito's reason where the rules do not say it (password history).
   */
  async settingPassword<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.INVALID_PASSWORD) throw error;
      const rules = await this.rules();
      if (!rules) throw error;
      const reason = error.message.replace(/\.$/, '');
      throw new DomainError(
        ErrorCode.INVALID_PASSWORD,
        RULE_BROKEN.test(reason) ? rules : `${reason}. ${rules}`,
      );
    }
  }
}
