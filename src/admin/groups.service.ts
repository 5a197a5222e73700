import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoSettings } from '../cognito/cognito-settings';
import { AppConfig } from '../config/app-config';
import { adminCall, selfLockout } from './admin-call';
import { toGroup, toUser } from './cognito-mappers';
import { GroupResponseDto } from './dto/group-response.dto';
import { GroupsPageResponseDto } from './dto/groups-page-response.dto';
import { UsersPageResponseDto } from './dto/users-page-response.dto';
import type { Page } from './users.service';

export interface NewGroup {
  name: string;
  description?: string;
  precedence?: number;
}

/** Groups of the pool over Cognito's admin API. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly settings: CognitoSettings,
    private readonly config: AppConfig,
  ) {}

  async listGroups(page: Page): Promise<GroupsPageResponseDto> {
    const result = await adminCall(() =>
      this.cognito.send(
        new ListGroupsCommand({
          UserPoolId: this.settings.userPoolId,
          Limit: page.limit,
          NextToken: page.paginationToken,
        }),
      ),
    );
    const answer: GroupsPageResponseDto = { groups: (result.Groups ?? []).map(toGroup) };
    if (result.NextToken) answer.paginationToken = result.NextToken;
    return answer;
  }

  async createGroup(input: NewGroup): Promise<GroupResponseDto> {
    // Asked first as well: a CreateGroup that overwrote an existing group would drop its members
    // (cognito-local does that), and losing the admin group's members locks everyone out.
    if (await this.exists(input.name)) {
      throw new DomainError(ErrorCode.GROUP_EXISTS, 'A group with this name already exists');
    }
    const result = await adminCall(() =>
      this.cognito.send(
        new CreateGroupCommand({
          UserPoolId: this.settings.userPoolId,
          GroupName: input.name,
          Description: input.description,
          Precedence: input.precedence,
        }),
      ),
    );
    return toGroup(result.Group ?? { GroupName: input.name });
  }

  async deleteGroup(name: string): Promise<void> {
    if (name === this.config.adminGroup) {
      throw selfLockout('The admin group cannot be deleted: nobody could administer the platform');
    }
    await adminCall(() =>
      this.cognito.send(new DeleteGroupCommand({ UserPoolId: this.settings.userPoolId, GroupName: name })),
    );
  }

  async listUsersInGroup(name: string, page: Page): Promise<UsersPageResponseDto> {
    const result = await adminCall(() =>
      this.cognito.send(
        new ListUsersInGroupCommand({
          UserPoolId: this.settings.userPoolId,
          GroupName: name,
          Limit: page.limit,
          NextToken: page.paginationToken,
        }),
      ),
    );
    const answer: UsersPageResponseDto = { users: (result.Users ?? []).map((user) => toUser(user)) };
    if (result.NextToken) answer.paginationToken = result.NextToken;
    return answer;
  }

  private async exists(name: string): Promise<boolean> {
    try {
      await adminCall(() =>
        this.cognito.send(new GetGroupCommand({ UserPoolId: this.settings.userPoolId, GroupName: name })),
      );
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.GROUP_NOT_FOUND) return false;
      throw error;
    }
  }
}
