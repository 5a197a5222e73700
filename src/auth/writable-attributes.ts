import { Injectable } from '@nestjs/common';
import { DomainError, ValidationDetail } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';

/**
 * The attributes users may write on themselves (USER_WRITABLE_ATTRIBUTES). By default the standard
 * profile attributes: never `*_verified`, `cognito:*` or `custom:*`, which apps read as facts the pool
 * or an admin vouches for. Checked before Cognito is asked, so a refused write changes nothing.
 */
@Injectable()
export class WritableAttributes {
  private readonly names: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.names = new Set(config.userWritableAttributes);
  }

  /**
   * 400 VALIDATION_FAILED naming each attribute the user may not write; with `asked` (a challenge's
   * requiredAttributes), also each attribute the challenge did not ask for.
   */
  check(attributes: Record<string, string>, asked?: readonly string[]): void {
    const details: ValidationDetail[] = [];
    for (const name of Object.keys(attributes)) {
      const field = `attributes.${name}`;
      if (!this.names.has(name))
        details.push({ field, message: `${name} is not an attribute users may write` });
      else if (asked && !asked.includes(name))
        details.push({ field, message: `${name} is not among this challenge's requiredAttributes` });
    }
    if (details.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, details[0].message, details);
  }
}
