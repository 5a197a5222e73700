import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/error-response.dto';

export const REQUIRED_GROUPS = 'requiredGroups';
/** Placeholder resolved at request time to the configured ADMIN_GROUP. */
export const ADMIN_GROUP = Symbol('ADMIN_GROUP');

export type GroupRequirement = string | typeof ADMIN_GROUP;

/** The caller must belong to at least one of these groups (403 FORBIDDEN otherwise). */
export const Groups = (...groups: GroupRequirement[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_GROUPS, groups),
    ApiForbiddenResponse({ description: 'Not in the required group (FORBIDDEN)', type: ErrorResponseDto }),
  );

/** The caller must be in the configured admin group. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => Groups(ADMIN_GROUP);
