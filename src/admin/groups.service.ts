import { Injectable } from '@nestjs/common';
import { CognitoAdminApi, GroupToCreate, PageRequest } from '../cognito/cognito-admin-api';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { toGroup, toUser } from './cognito-mappers';
import { GroupResponseDto } from './dto/group-response.dto';
import { GroupsPageResponseDto } from './dto/groups-page-response.dto';
import { UsersPageResponseDto } from './dto/users-page-response.dto';
import { selfLockout } from './self-lockout';

/** Groups of the pool over Cognito's admin API. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly cognito: CognitoAdminApi,
    private readonly config: AppConfig,
  ) {}

  async listGroups(page: PageRequest): Promise<GroupsPageResponseDto> {
    const { items, paginationToken } = await this.cognito.listGroups(page);
    return { groups: items.map(toGroup), ...(paginationToken ? { paginationToken } : {}) };
  }

  async createGroup(input: GroupToCreate): Promise<GroupResponseDto> {
    // Asked first as well: a CreateGroup that overwrote an existing group would drop its members
    // (cognito-local does that), and losing the admin group's members locks everyone out.
    if (await this.exists(input.name)) {
      throw new DomainError(ErrorCode.GROUP_EXISTS, 'A group with this name already exists');
    }
    return toGroup(await this.cognito.createGroup(input));
  }

  async deleteGroup(name: string): Promise<void> {
    if (name === this.config.adminGroup) {
      throw selfLockout('The admin group cannot be deleted: nobody could administer the platform');
    }
    await this.cognito.deleteGroup(name);
  }

  async listUsersInGroup(name: string, page: PageRequest): Promise<UsersPageResponseDto> {
    const { items, paginationToken } = await this.cognito.listUsersInGroup(name, page);
    return { users: items.map((user) => toUser(user)), ...(paginationToken ? { paginationToken } : {}) };
  }

  private async exists(name: string): Promise<boolean> {
    try {
      await this.cognito.getGroup(name);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.GROUP_NOT_FOUND) return false;
      throw error;
    }
  }
}
