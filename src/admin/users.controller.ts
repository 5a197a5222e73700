import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AccessTokenClaims } from '../auth/access-token-claims';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { AdminOnly } from '../auth/decorators/groups.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { ErrorCode } from '../common/error-code';
import { CreateUserDto } from './dto/create-user.dto';
import { GroupResponseDto } from './dto/group-response.dto';
import { ListUsersDto } from './dto/list-users.dto';
import { MembershipParamsDto } from './dto/membership-params.dto';
import { SetUserPasswordDto } from './dto/set-user-password.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserParamsDto } from './dto/user-params.dto';
import { UserResponseDto } from './dto/user-response.dto';
import { UsersPageResponseDto } from './dto/users-page-response.dto';
import { UsersService } from './users.service';

const { VALIDATION_FAILED, INVALID_PASSWORD, USER_NOT_FOUND, GROUP_NOT_FOUND, SELF_LOCKOUT } = ErrorCode;

@ApiTags('admin')
@AdminOnly()
@ApiErrors(VALIDATION_FAILED, ErrorCode.TOO_MANY_REQUESTS, ErrorCode.UPSTREAM_UNAVAILABLE)
@Controller('admin/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    operationId: 'listUsers',
    summary: 'A page of users, optionally filtered by one email or username prefix, or a status',
  })
  @ApiOkResponse({ type: UsersPageResponseDto })
  listUsers(@Query() query: ListUsersDto): Promise<UsersPageResponseDto> {
    return this.users.listUsers(query);
  }

  @Post()
  @ApiOperation({
    operationId: 'createUser',
    summary: 'Registers a user with a temporary password, invited by email unless sendInvitation is false',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiErrors(
    VALIDATION_FAILED,
    INVALID_PASSWORD,
    { code: GROUP_NOT_FOUND, message: 'Group "editors" not found; the user was not created' },
    ErrorCode.USER_EXISTS,
  )
  createUser(@Body() body: CreateUserDto): Promise<UserResponseDto> {
    return this.users.createUser(body);
  }

  @Get(':username')
  @ApiOperation({ operationId: 'getUser', summary: 'One user, with attributes and groups' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(USER_NOT_FOUND)
  getUser(@Param() params: UserParamsDto): Promise<UserResponseDto> {
    return this.users.getUser(params.username);
  }

  @Patch(':username')
  @ApiOperation({ operationId: 'updateUser', summary: 'Sets some attributes of a user' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(USER_NOT_FOUND)
  updateUser(@Param() params: UserParamsDto, @Body() body: UpdateUserDto): Promise<UserResponseDto> {
    return this.users.updateUser(params.username, body.attributes);
  }

  @Delete(':username')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteUser',
    summary: 'Deletes a user and refuses their access tokens (not yourself: 409 SELF_LOCKOUT)',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(USER_NOT_FOUND, { code: SELF_LOCKOUT, message: 'You cannot delete your own account' })
  async deleteUser(@Param() params: UserParamsDto, @CurrentUser() caller: AccessTokenClaims): Promise<void> {
    await this.users.deleteUser(params.username, caller);
  }

  @Post(':username/disable')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'disableUser',
    summary: 'Disables sign-in and refresh for a user and refuses their access tokens (not yourself)',
  })
  @ApiNoContentResponse({ description: 'Disabled' })
  @ApiErrors(USER_NOT_FOUND, { code: SELF_LOCKOUT, message: 'You cannot disable your own account' })
  async disableUser(@Param() params: UserParamsDto, @CurrentUser() caller: AccessTokenClaims): Promise<void> {
    await this.users.disableUser(params.username, caller);
  }

  @Post(':username/enable')
  @HttpCode(204)
  @ApiOperation({ operationId: 'enableUser', summary: 'Lets a disabled user sign in again' })
  @ApiNoContentResponse({ description: 'Enabled' })
  @ApiErrors(USER_NOT_FOUND)
  async enableUser(@Param() params: UserParamsDto): Promise<void> {
    await this.users.enableUser(params.username);
  }

  @Post(':username/password')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'setUserPassword',
    summary: 'Sets a user’s password, permanent or to be changed at the next sign-in',
  })
  @ApiNoContentResponse({ description: 'Password set' })
  @ApiErrors(VALIDATION_FAILED, INVALID_PASSWORD, USER_NOT_FOUND)
  async setUserPassword(@Param() params: UserParamsDto, @Body() body: SetUserPasswordDto): Promise<void> {
    await this.users.setUserPassword(params.username, body.password, body.permanent);
  }

  @Post(':username/reset-password')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'resetUserPassword',
    summary: 'Sends the user a code; sign-in answers PASSWORD_RESET_REQUIRED until they confirm it',
  })
  @ApiNoContentResponse({ description: 'Password reset, code sent' })
  @ApiErrors(USER_NOT_FOUND)
  async resetUserPassword(@Param() params: UserParamsDto): Promise<void> {
    await this.users.resetUserPassword(params.username);
  }

  @Post(':username/sign-out')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'signOutUser',
    summary: 'Signs a user out everywhere: refresh tokens revoked, access tokens refused',
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiErrors(USER_NOT_FOUND)
  async signOutUser(@Param() params: UserParamsDto): Promise<void> {
    await this.users.signOutUser(params.username);
  }

  @Get(':username/groups')
  @ApiOperation({ operationId: 'listUserGroups', summary: 'The groups a user belongs to' })
  @ApiOkResponse({ type: [GroupResponseDto] })
  @ApiErrors(USER_NOT_FOUND)
  listUserGroups(@Param() params: UserParamsDto): Promise<GroupResponseDto[]> {
    return this.users.listUserGroups(params.username);
  }

  @Put(':username/groups/:group')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'addUserToGroup',
    summary: 'Adds a user to a group (no change if already in it)',
  })
  @ApiNoContentResponse({ description: 'Member' })
  @ApiErrors(USER_NOT_FOUND, GROUP_NOT_FOUND)
  async addUserToGroup(@Param() params: MembershipParamsDto): Promise<void> {
    await this.users.addUserToGroup(params.username, params.group);
  }

  @Delete(':username/groups/:group')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removeUserFromGroup',
    summary: 'Removes a user from a group (not yourself from the admin group: 409 SELF_LOCKOUT)',
  })
  @ApiNoContentResponse({ description: 'No longer a member' })
  @ApiErrors(USER_NOT_FOUND, GROUP_NOT_FOUND, {
    code: SELF_LOCKOUT,
    message: 'You cannot remove yourself from the admin group',
  })
  async removeUserFromGroup(
    @Param() params: MembershipParamsDto,
    @CurrentUser() caller: AccessTokenClaims,
  ): Promise<void> {
    await this.users.removeUserFromGroup(params.username, params.group, caller);
  }
}
