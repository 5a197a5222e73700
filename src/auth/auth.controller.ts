import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Param,
  Req,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
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
import { AccountService } from './account.service';
import { Caller, CallerWithIdToken } from './decorators/caller.decorator';
import { RequiresIdToken } from './decorators/id-token.decorator';
import { Public } from './decorators/public.decorator';
import { AnswerMfaDto } from './dto/answer-mfa.dto';
import { AnswerOtpDto } from './dto/answer-otp.dto';
import { AnswerPasskeyDto } from './dto/answer-passkey.dto';
import { CompletePasskeyRegistrationDto } from './dto/complete-passkey-registration.dto';
import { PasskeyParamsDto } from './dto/passkey-params.dto';
import {
  PasskeyListResponseDto,
  PasskeyRegistrationOptionsResponseDto,
  PasskeyResponseDto,
} from './dto/passkey-response.dto';
import { StartPasskeySignInDto } from './dto/start-passkey-sign-in.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CodeDeliveryResponseDto } from './dto/code-delivery-response.dto';
import { CompleteNewPasswordDto } from './dto/complete-new-password.dto';
import { ConfirmAttributeVerificationDto } from './dto/confirm-attribute-verification.dto';
import { ConfirmForgotPasswordDto } from './dto/confirm-forgot-password.dto';
import { ForgotPasswordDto } from './dto/forgot-password.dto';
import { PasswordPolicyResponseDto } from './dto/password-policy-response.dto';
import { ProfileResponseDto } from './dto/profile-response.dto';
import { RefreshTokensDto } from './dto/refresh-tokens.dto';
import { RequestAttributeVerificationDto } from './dto/request-attribute-verification.dto';
import { RevokeRefreshTokenDto } from './dto/revoke-refresh-token.dto';
import { SESSION_RESPONSE_SCHEMA, SessionResponseDto } from './dto/session-response.dto';
import { SetMfaPreferenceDto } from './dto/set-mfa-preference.dto';
import { SignInResponseDto } from './dto/sign-in-response.dto';
import { SignInDto } from './dto/sign-in.dto';
import { StartPasswordlessSignInDto } from './dto/start-passwordless-sign-in.dto';
import { TokensResponseDto } from './dto/tokens-response.dto';
import { TotpSetupResponseDto } from './dto/totp-setup-response.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { VerifyTotpDto } from './dto/verify-totp.dto';
import type { AuthenticatedRequest } from './guards/jwt.guard';
import { PasskeysService } from './passkeys.service';
import { PasswordsService } from './passwords.service';
import { ProfileService } from './profile.service';
import { SignInService } from './sign-in.service';
import { TokensService } from './tokens.service';

const {
  VALIDATION_FAILED,
  INVALID_PASSWORD,
  INVALID_SESSION,
  INVALID_CREDENTIALS,
  CODE_MISMATCH,
  CODE_EXPIRED,
  REFRESH_TOKEN_INVALID,
} = ErrorCode;

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
/** What any route can meet besides its own errors (413 and 415 come with every body: buildOpenApiDocument). */
const LIMITS = [ErrorCode.TOO_MANY_REQUESTS, ErrorCode.UPSTREAM_UNAVAILABLE];
/** How long a browser or proxy may keep the password policy: as long as the gateway itself does. */
const PASSWORD_POLICY_MAX_AGE_SECONDS = 300;

/** The app's auth routes (API.md, "Auth — for the app"): HTTP in, one service call, HTTP out. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly tokens: TokensService,
    private readonly passwords: PasswordsService,
    private readonly profiles: ProfileService,
    private readonly accounts: AccountService,
    private readonly passkeys: PasskeysService,
  ) {}

  @Post('sign-in')
  @Public()
  @RateLimit('signIn')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'signIn', summary: 'Sign in with username and password' })
  @ApiOkResponse({ type: SignInResponseDto, description: 'Tokens, or a challenge to answer' })
  @ApiErrors(VALIDATION_FAILED, INVALID_CREDENTIALS, ErrorCode.PASSWORD_RESET_REQUIRED, ...LIMITS)
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
  @ApiErrors(VALIDATION_FAILED, INVALID_PASSWORD, INVALID_SESSION, INVALID_CREDENTIALS, ...LIMITS)
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
  @ApiErrors(VALIDATION_FAILED, CODE_MISMATCH, CODE_EXPIRED, INVALID_SESSION, INVALID_CREDENTIALS, ...LIMITS)
  answerMfa(@Body() body: AnswerMfaDto): Promise<SignInResponseDto> {
    return this.signIns.answerMfa(body.username, body.session, body.code);
  }

  @Post('sign-in/passwordless')
  @Public()
  @RateLimit('passwordlessSignIn')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'startPasswordlessSignIn',
    summary: 'Send a one-time sign-in code by email or SMS (same answer whether or not the user exists)',
  })
  @ApiOkResponse({ type: SignInResponseDto, description: 'The EMAIL_OTP or SMS_OTP challenge' })
  @ApiErrors(VALIDATION_FAILED, ErrorCode.METHOD_NOT_AVAILABLE, ErrorCode.INVALID_CREDENTIALS, ...LIMITS)
  startPasswordlessSignIn(@Body() body: StartPasswordlessSignInDto): Promise<SignInResponseDto> {
    return this.signIns.startPasswordlessSignIn(body.username, body.method);
  }

  @Post('challenges/otp')
  @Public()
  @RateLimit('otpChallenge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'answerOtp', summary: 'Answer EMAIL_OTP or SMS_OTP with the code sent' })
  @ApiOkResponse({ type: SignInResponseDto })
  @ApiErrors(
    VALIDATION_FAILED,
    ErrorCode.CODE_MISMATCH,
    ErrorCode.CODE_EXPIRED,
    ErrorCode.INVALID_SESSION,
    ErrorCode.INVALID_CREDENTIALS,
    ...LIMITS,
  )
  answerOtp(@Body() body: AnswerOtpDto): Promise<SignInResponseDto> {
    return this.signIns.answerOtp(body.username, body.session, body.code);
  }

  @Post('sign-in/passkey')
  @Public()
  @RateLimit('passkeySignIn')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'startPasskeySignIn',
    summary: 'Start signing in with a passkey (same answer whether or not the user exists)',
    description:
      'Pass `challenge.credentialRequestOptions` to `navigator.credentials.get()` ' +
      '(`PublicKeyCredential.parseRequestOptionsFromJSON`), then answer on /auth/challenges/passkey.',
  })
  @ApiOkResponse({ type: SignInResponseDto, description: 'The WEB_AUTHN challenge' })
  @ApiErrors(VALIDATION_FAILED, ErrorCode.METHOD_NOT_AVAILABLE, INVALID_CREDENTIALS, ...LIMITS)
  startPasskeySignIn(@Body() body: StartPasskeySignInDto): Promise<SignInResponseDto> {
    return this.signIns.startPasskeySignIn(body.username);
  }

  @Post('challenges/passkey')
  @Public()
  @RateLimit('passkeyChallenge')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'answerPasskey',
    summary: 'Answer WEB_AUTHN with what navigator.credentials.get() gave (credential.toJSON())',
    description:
      'CREDENTIAL_INVALID: the response cannot be for this sign-in (malformed, another origin, relying party ' +
      'or challenge). INVALID_CREDENTIALS: it does not prove this user (not their passkey, or a bad signature).',
  })
  @ApiOkResponse({ type: SignInResponseDto })
  @ApiErrors(VALIDATION_FAILED, ErrorCode.CREDENTIAL_INVALID, INVALID_SESSION, INVALID_CREDENTIALS, ...LIMITS)
  answerPasskey(@Body() body: AnswerPasskeyDto): Promise<SignInResponseDto> {
    return this.signIns.answerPasskey(body.username, body.session, body.credential);
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
  @ApiErrors(VALIDATION_FAILED, REFRESH_TOKEN_INVALID, ...LIMITS)
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
  @ApiErrors(...LIMITS)
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
  @ApiErrors(VALIDATION_FAILED, REFRESH_TOKEN_INVALID, ...LIMITS)
  revokeRefreshToken(@Body() body: RevokeRefreshTokenDto): Promise<void> {
    return this.tokens.revokeRefreshToken(body.refreshToken);
  }

  @Post('change-password')
  @RequiresIdToken()
  @RateLimit('changePassword')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'changePassword', summary: 'Change the caller’s password' })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiErrors(VALIDATION_FAILED, INVALID_PASSWORD, ErrorCode.PASSWORD_INCORRECT, ...LIMITS)
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
  @ApiErrors(VALIDATION_FAILED, ...LIMITS)
  forgotPassword(@Body() body: ForgotPasswordDto): Promise<CodeDeliveryResponseDto> {
    return this.passwords.forgotPassword(body.username);
  }

  @Post('forgot-password/confirm')
  @Public()
  @RateLimit('confirmForgotPassword')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'confirmForgotPassword', summary: 'Set a new password with the reset code' })
  @ApiNoContentResponse({ description: 'Password reset' })
  @ApiErrors(VALIDATION_FAILED, CODE_MISMATCH, CODE_EXPIRED, INVALID_PASSWORD, ...LIMITS)
  confirmForgotPassword(@Body() body: ConfirmForgotPasswordDto): Promise<void> {
    return this.passwords.confirmForgotPassword(body.username, body.code, body.newPassword);
  }

  @Get('password-policy')
  @Public()
  @Header('Cache-Control', `public, max-age=${PASSWORD_POLICY_MAX_AGE_SECONDS}`)
  @ApiOperation({
    operationId: 'getPasswordPolicy',
    summary: 'The pool’s password policy, to show the rules before the user types',
    description:
      'From Cognito’s DescribeUserPool, cached for five minutes: no Cognito call per request, so it is not rate limited.',
  })
  @ApiOkResponse({ type: PasswordPolicyResponseDto })
  @ApiErrors(ErrorCode.UPSTREAM_UNAVAILABLE)
  getPasswordPolicy(): Promise<PasswordPolicyResponseDto> {
    return this.passwords.getPasswordPolicy();
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
  @ApiErrors(...LIMITS)
  getProfile(@Caller() caller: SignedInUser): Promise<ProfileResponseDto> {
    return this.profiles.getProfile(caller);
  }

  @Patch('me')
  @ApiOperation({ operationId: 'updateProfile', summary: 'Change some of the caller’s attributes' })
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiErrors(VALIDATION_FAILED, ...LIMITS)
  updateProfile(@Caller() caller: SignedInUser, @Body() body: UpdateProfileDto): Promise<ProfileResponseDto> {
    return this.profiles.updateProfile(caller, body.attributes);
  }

  @Post('me/verification')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'requestAttributeVerification',
    summary: 'Send a code to verify the caller’s email or phone number',
  })
  @ApiAcceptedResponse({ type: CodeDeliveryResponseDto, description: 'Where the code went, masked' })
  @ApiErrors(VALIDATION_FAILED, ...LIMITS)
  requestAttributeVerification(
    @Caller() caller: SignedInUser,
    @Body() body: RequestAttributeVerificationDto,
  ): Promise<CodeDeliveryResponseDto> {
    return this.profiles.requestAttributeVerification(caller, body.attribute);
  }

  @Post('me/verification/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'confirmAttributeVerification',
    summary: 'Verify the caller’s email or phone number with the code sent to it',
  })
  @ApiNoContentResponse({ description: 'Verified: the attribute’s `*_verified` is now true' })
  @ApiErrors(VALIDATION_FAILED, ErrorCode.CODE_MISMATCH, ErrorCode.CODE_EXPIRED, ...LIMITS)
  confirmAttributeVerification(
    @Caller() caller: SignedInUser,
    @Body() body: ConfirmAttributeVerificationDto,
  ): Promise<void> {
    return this.profiles.confirmAttributeVerification(caller, body.attribute, body.code);
  }

  @Delete('me')
  @RequiresIdToken()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteAccount',
    summary: 'Delete the caller’s account; their tokens are refused at once',
    description: 'The last enabled member of the admin group cannot delete their account (409 SELF_LOCKOUT).',
  })
  @ApiNoContentResponse({ description: 'The user is gone' })
  @ApiErrors(ErrorCode.SELF_LOCKOUT, ...LIMITS)
  deleteAccount(@CallerWithIdToken() caller: FullSessionUser): Promise<void> {
    return this.accounts.deleteAccount(caller);
  }

  @Get('passkeys')
  @ApiOperation({ operationId: 'listPasskeys', summary: 'The caller’s passkeys' })
  @ApiOkResponse({ type: PasskeyListResponseDto })
  @ApiErrors(...LIMITS)
  async listPasskeys(@Caller() caller: SignedInUser): Promise<PasskeyListResponseDto> {
    return { passkeys: await this.passkeys.listPasskeys(caller) };
  }

  @Post('passkeys/registration')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'startPasskeyRegistration',
    summary: 'Start registering a passkey: options for navigator.credentials.create()',
    description:
      'Pass `credentialCreationOptions` to `navigator.credentials.create()` ' +
      '(`PublicKeyCredential.parseCreationOptionsFromJSON`), then send the result to POST /auth/passkeys.',
  })
  @ApiOkResponse({ type: PasskeyRegistrationOptionsResponseDto })
  @ApiErrors(ErrorCode.METHOD_NOT_AVAILABLE, ...LIMITS)
  async startPasskeyRegistration(
    @Caller() caller: SignedInUser,
  ): Promise<PasskeyRegistrationOptionsResponseDto> {
    return { credentialCreationOptions: await this.passkeys.startRegistration(caller) };
  }

  @Post('passkeys')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    operationId: 'completePasskeyRegistration',
    summary: 'Finish registering a passkey with what navigator.credentials.create() gave',
  })
  @ApiCreatedResponse({ type: PasskeyResponseDto })
  @ApiErrors(VALIDATION_FAILED, ErrorCode.CREDENTIAL_INVALID, ErrorCode.METHOD_NOT_AVAILABLE, ...LIMITS)
  completePasskeyRegistration(
    @Caller() caller: SignedInUser,
    @Body() body: CompletePasskeyRegistrationDto,
  ): Promise<PasskeyResponseDto> {
    return this.passkeys.completeRegistration(caller, body.credential);
  }

  @Delete('passkeys/:credentialId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'deletePasskey', summary: 'Delete one of the caller’s passkeys' })
  @ApiNoContentResponse({ description: 'Deleted: it no longer signs the caller in' })
  @ApiErrors(VALIDATION_FAILED, ErrorCode.PASSKEY_NOT_FOUND, ...LIMITS)
  deletePasskey(@Caller() caller: SignedInUser, @Param() params: PasskeyParamsDto): Promise<void> {
    return this.passkeys.deletePasskey(caller, params.credentialId);
  }

  @Post('mfa/totp')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'setUpTotp', summary: 'Start enrolling an authenticator app (TOTP)' })
  @ApiOkResponse({ type: TotpSetupResponseDto })
  @ApiErrors(...LIMITS)
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
  @ApiErrors(VALIDATION_FAILED, CODE_MISMATCH, ...LIMITS)
  verifyTotp(@Caller() caller: SignedInUser, @Body() body: VerifyTotpDto): Promise<void> {
    return this.profiles.verifyTotp(caller, body.code, body.deviceName);
  }

  @Put('mfa')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'setMfaPreference', summary: 'Turn TOTP MFA off, on, or on and preferred' })
  @ApiNoContentResponse({ description: 'Preference saved' })
  @ApiErrors(VALIDATION_FAILED, ...LIMITS)
  setMfaPreference(@Caller() caller: SignedInUser, @Body() body: SetMfaPreferenceDto): Promise<void> {
    return this.profiles.setMfaPreference(caller, body.totp);
  }
}
