import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Put, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiErrors } from '../common/api-errors.decorator';
import { ErrorCode } from '../common/error-code';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { AccessTokenClaims, FullSessionUser, groupsOf, SignedInUser } from './access-token-claims';
import { Caller, CallerWithIdToken } from './decorators/caller.decorator';
import { RequiresIdToken } from './decorators/id-token.decorator';
import { Public } from './decorators/public.decorator';
import { AnswerMfaDto } from './dto/answer-mfa.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CodeDeliveryResponseDto } from './dto/code-delivery-response.dto';
import { CompleteNewPasswordDto } from './dto/complete-new-password.dto';
import { ConfirmForgotPasswordDto } from './dto/confirm-forgot-password.dto';
import { ForgotPasswordDto } from './dto/forgot-password.dto';
import { ProfileResponseDto } from './dto/profile-response.dto';
import { RefreshTokensDto } from './dto/refresh-tokens.dto';
import { RevokeRefreshTokenDto } from './dto/revoke-refresh-token.dto';
import { SESSION_RESPONSE_SCHEMA, SessionResponseDto } from './dto/session-response.dto';
import { SetMfaPreferenceDto } from './dto/set-mfa-preference.dto';
import { SignInResponseDto } from './dto/sign-in-response.dto';
import { SignInDto } from './dto/sign-in.dto';
import { TokensResponseDto } from './dto/tokens-response.dto';
import { TotpSetupResponseDto } from './dto/totp-setup-response.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { VerifyTotpDto } from './dto/verify-totp.dto';
import type { AuthenticatedRequest } from './guards/jwt.guard';
import { PasswordsService } from './passwords.service';
import { ProfileService } from './profile.service';
import { SignInService } from './sign-in.service';
import { TokensService } from './tokens.service';

const { VALIDATION_FAILED } = ErrorCode;

/** One body per verified token: the guard's cache hands back the same claims object while it lasts. */
const sessions = new WeakMap<AccessTokenClaims, SessionResponseDto>();

function sessionOf(claims: AccessTokenClaims): SessionResponseDto {
  let session = sessions.get(claims);
  if (!session) {
    session = {
      username: claims.username,
      sub: claims.sub,
      groups: groupsOf(claims),
      clientId: claims.client_id,
      scope: claims.scope ?? '',
      issuedAt: new Date(claims.iat * 1000).toISOString(),
      expiresAt: new Date(claims.exp * 1000).toISOString(),
    };
    sessions.set(claims, session);
  }
  return session;
}
const LIMITS = [413, 429, 503] as const;

/** The app's auth routes (API.md, "Auth — for the app"): HTTP in, one service call, HTTP out. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly tokens: TokensService,
    private readonly passwords: PasswordsService,
    private readonly profiles: ProfileService,
  ) {}

  @Post('sign-in')
  @Public()
  @RateLimit('signIn')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'signIn', summary: 'Sign in with username and password' })
  @ApiOkResponse({ type: SignInResponseDto, description: 'Tokens, or a challenge to answer' })
  @ApiErrors(
    { status: 400, codes: [VALIDATION_FAILED] },
    { status: 401, codes: [ErrorCode.INVALID_CREDENTIALS] },
    { status: 403, codes: [ErrorCode.PASSWORD_RESET_REQUIRED] },
    ...LIMITS,
  )
  signIn(@Body() body: SignInDto): Promise<SignInResponseDto> {
    return this.signIns.signIn(body.username, body.password);
  }

  @Post('challenges/new-password')
  @Public()
  @RateLimit('challenge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'completeNewPassword',
    summary: 'Answer NEW_PASSWORD_REQUIRED (first sign-in of an admin-created user)',
  })
  @ApiOkResponse({ type: SignInResponseDto })
  @ApiErrors(
    { status: 400, codes: [VALIDATION_FAILED, ErrorCode.INVALID_PASSWORD, ErrorCode.INVALID_SESSION] },
    { status: 401, codes: [ErrorCode.INVALID_CREDENTIALS] },
    ...LIMITS,
  )
  completeNewPassword(@Body() body: CompleteNewPasswordDto): Promise<SignInResponseDto> {
    return this.signIns.completeNewPassword(body.username, body.session, body.newPassword, body.attributes);
  }

  @Post('challenges/mfa')
  @Public()
  @RateLimit('challenge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'answerMfa',
    summary: 'Answer SOFTWARE_TOKEN_MFA, SMS_MFA or MFA_SETUP with a 6-digit code',
  })
  @ApiOkResponse({ type: SignInResponseDto })
  @ApiErrors(
    {
      status: 400,
      codes: [VALIDATION_FAILED, ErrorCode.CODE_MISMATCH, ErrorCode.CODE_EXPIRED, ErrorCode.INVALID_SESSION],
    },
    { status: 401, codes: [ErrorCode.INVALID_CREDENTIALS] },
    ...LIMITS,
  )
  answerMfa(@Body() body: AnswerMfaDto): Promise<SignInResponseDto> {
    return this.signIns.answerMfa(body.username, body.session, body.code);
  }

  @Post('refresh')
  @Public()
  @RateLimit('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'refresh',
    summary: 'New access and id tokens from a refresh token (refreshToken only when rotated)',
  })
  @ApiOkResponse({ type: TokensResponseDto })
  @ApiErrors(
    { status: 400, codes: [VALIDATION_FAILED] },
    { status: 401, codes: [ErrorCode.REFRESH_TOKEN_INVALID] },
    ...LIMITS,
  )
  refresh(@Body() body: RefreshTokensDto): Promise<TokensResponseDto> {
    return this.tokens.refresh(body.refreshToken);
  }

  @Post('sign-out')
  @RequiresIdToken()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'signOut',
    summary: 'Global sign-out: every refresh token revoked, earlier access tokens refused',
  })
  @ApiNoContentResponse({ description: 'Signed out everywhere' })
  @ApiErrors(429, 503)
  signOut(@CallerWithIdToken() caller: FullSessionUser): Promise<void> {
    return this.tokens.signOut(caller);
  }

  @Post('revoke')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'revokeRefreshToken',
    summary: 'Revoke one refresh token and the access tokens of its session',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors(
    { status: 400, codes: [VALIDATION_FAILED] },
    { status: 401, codes: [ErrorCode.REFRESH_TOKEN_INVALID] },
    ...LIMITS,
  )
  revokeRefreshToken(@Body() body: RevokeRefreshTokenDto): Promise<void> {
    return this.tokens.revokeRefreshToken(body.refreshToken);
  }

  @Post('change-password')
  @RequiresIdToken()
  @RateLimit('changePassword')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'changePassword', summary: 'Change the caller’s password' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiErrors(
    { status: 400, codes: [VALIDATION_FAILED, ErrorCode.INVALID_PASSWORD, ErrorCode.PASSWORD_INCORRECT] },
    ...LIMITS,
  )
  changePassword(
    @CallerWithIdToken() caller: FullSessionUser,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    return this.passwords.changePassword(caller, body.currentPassword, body.newPassword);
  }

  @Post('forgot-password')
  @Public()
  @RateLimit('forgotPassword')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'forgotPassword',
    summary: 'Send a password-reset code (same answer whether or not the user exists)',
  })
  @ApiAcceptedResponse({ type: CodeDeliveryResponseDto })
  @ApiErrors({ status: 400, codes: [VALIDATION_FAILED] }, ...LIMITS)
  forgotPassword(@Body() body: ForgotPasswordDto): Promise<CodeDeliveryResponseDto> {
    return this.passwords.forgotPassword(body.username);
  }

  @Post('forgot-password/confirm')
  @Public()
  @RateLimit('confirmForgotPassword')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'confirmForgotPassword', summary: 'Set a new password with the reset code' })
  @ApiNoContentResponse({ description: 'Password reset' })
  @ApiErrors(
    {
      status: 400,
      codes: [VALIDATION_FAILED, ErrorCode.CODE_MISMATCH, ErrorCode.CODE_EXPIRED, ErrorCode.INVALID_PASSWORD],
    },
    ...LIMITS,
  )
  confirmForgotPassword(@Body() body: ConfirmForgotPasswordDto): Promise<void> {
    return this.passwords.confirmForgotPassword(body.username, body.code, body.newPassword);
  }

  @Get('session')
  @ApiOperation({
    operationId: 'getSession',
    summary: 'The caller’s session, from the verified access token alone',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  @RouteSchema({ response: { 200: SESSION_RESPONSE_SCHEMA } })
  // @Req() rather than @CurrentUser(): a custom parameter goes through the global validation pipe,
  // which costs this route (the one every app polls) a few promises per request and validates nothing.
  getSession(@Req() request: AuthenticatedRequest): SessionResponseDto {
    return sessionOf(request.user);
  }

  @Get('me')
  @ApiOperation({ operationId: 'getProfile', summary: 'The caller’s profile: attributes and MFA settings' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrors(429, 503)
  getProfile(@Caller() caller: SignedInUser): Promise<ProfileResponseDto> {
    return this.profiles.getProfile(caller);
  }

  @Patch('me')
  @ApiOperation({ operationId: 'updateProfile', summary: 'Change some of the caller’s attributes' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrors({ status: 400, codes: [VALIDATION_FAILED] }, ...LIMITS)
  updateProfile(@Caller() caller: SignedInUser, @Body() body: UpdateProfileDto): Promise<ProfileResponseDto> {
    return this.profiles.updateProfile(caller, body.attributes);
  }

  @Post('mfa/totp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'setUpTotp', summary: 'Start enrolling an authenticator app (TOTP)' })
  @ApiOkResponse({ type: TotpSetupResponseDto })
  @ApiErrors(429, 503)
  setUpTotp(@Caller() caller: SignedInUser): Promise<TotpSetupResponseDto> {
    return this.profiles.setUpTotp(caller);
  }

  @Post('mfa/totp/verify')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'verifyTotp',
    summary: 'Finish enrolling the authenticator app with one code',
  })
  @ApiNoContentResponse({ description: 'Authenticator app verified' })
  @ApiErrors({ status: 400, codes: [VALIDATION_FAILED, ErrorCode.CODE_MISMATCH] }, ...LIMITS)
  verifyTotp(@Caller() caller: SignedInUser, @Body() body: VerifyTotpDto): Promise<void> {
    return this.profiles.verifyTotp(caller, body.code, body.deviceName);
  }

  @Put('mfa')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'setMfaPreference', summary: 'Turn TOTP MFA off, on, or on and preferred' })
  @ApiNoContentResponse({ description: 'Preference saved' })
  @ApiErrors({ status: 400, codes: [VALIDATION_FAILED] }, ...LIMITS)
  setMfaPreference(@Caller() caller: SignedInUser, @Body() body: SetMfaPreferenceDto): Promise<void> {
    return this.profiles.setMfaPreference(caller, body.totp);
  }
}
