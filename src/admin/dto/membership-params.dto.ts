import { IntersectionType } from '@nestjs/swagger';
import { GroupParamsDto } from './group-params.dto';
import { UserParamsDto } from './user-params.dto';

/** `{username}` and `{group}` in the path. */
export class MembershipParamsDto extends IntersectionType(UserParamsDto, GroupParamsDto) {}
