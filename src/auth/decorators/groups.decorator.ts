import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrors } from '../../common/api-errors.decorator';
import { ErrorCode } from '../../common/error-code';

export const REQUIRED_GROUPS = 'requiredGroups';
/** Placeholder resolved at request time to the configured ADMIN_GROUP. */
export const ADMIN_GROUP = Symbol('ADMIN_GROUP');

export type GroupRequirement = string | typeof ADMIN_GROUP;

/** The caller must belong to at least one of these groups (403 FORBIDDEN otherwise). */
export const Groups = (...groups: GroupRequirement[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_GROUPS, groups), ApiErrors(ErrorCode.FORBIDDEN));

/** The caller must be in the configured admin group. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => Groups(ADMIN_GROUP);
