import type { AttributeType, GroupType } from '@aws-sdk/client-cognito-identity-provider';
import { GroupResponseDto } from './dto/group-response.dto';
import { UserResponseDto, UserStatus } from './dto/user-response.dto';

/** The fields ListUsers, AdminGetUser and AdminCreateUser have in common (attributes under either name). */
export interface CognitoUserRecord {
  Username?: string;
  Attributes?: AttributeType[];
  UserAttributes?: AttributeType[];
  UserStatus?: string;
  Enabled?: boolean;
  UserCreateDate?: Date;
  UserLastModifiedDate?: Date;
}

export function attributeMap(attributes: AttributeType[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { Name, Value } of attributes ?? []) if (Name !== undefined) map[Name] = Value ?? '';
  return map;
}

function isoDate(value: Date | string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function statusOf(status: string | undefined): UserStatus {
  return Object.values<string>(UserStatus).includes(status ?? '')
    ? (status as UserStatus)
    : UserStatus.UNKNOWN;
}

/** Cognito's user record → the contract's User. */
export function toUser(record: CognitoUserRecord, groups?: string[]): UserResponseDto {
  const attributes = attributeMap(record.UserAttributes ?? record.Attributes);
  const user: UserResponseDto = {
    username: record.Username ?? '',
    sub: attributes.sub ?? '',
    status: statusOf(record.UserStatus),
    enabled: record.Enabled ?? true,
    attributes,
    createdAt: isoDate(record.UserCreateDate) ?? '',
    updatedAt: isoDate(record.UserLastModifiedDate) ?? isoDate(record.UserCreateDate) ?? '',
  };
  if (attributes.email !== undefined) user.email = attributes.email;
  if (attributes.email_verified !== undefined) user.emailVerified = attributes.email_verified === 'true';
  if (groups) user.groups = groups;
  return user;
}

/** Cognito's group → the contract's Group (no pool id or IAM role: the frontends need neither). */
export function toGroup(group: GroupType): GroupResponseDto {
  const result: GroupResponseDto = { name: group.GroupName ?? '' };
  if (group.Description !== undefined) result.description = group.Description;
  if (group.Precedence !== undefined) result.precedence = group.Precedence;
  const createdAt = isoDate(group.CreationDate);
  const updatedAt = isoDate(group.LastModifiedDate);
  if (createdAt) result.createdAt = createdAt;
  if (updatedAt) result.updatedAt = updatedAt;
  return result;
}
