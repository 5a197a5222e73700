import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { SignedInUser } from './access-token-claims';
import { maskDestination } from './destination-mask';
import { otpauthUri } from './otpauth-uri';
import { CodeDelivery, Profile, TotpPreference, TotpSetup, VerifiableAttribute } from './sign-in-result';
import { WritableAttributes } from './writable-attributes';

/** The signed-in user's own profile, its verification and the authenticator app: each needs only the access token. */
@Injectable()
export class ProfileService {
  private readonly logger = new Logger('Profile');

  constructor(
    private readonly cognito: CognitoUserApi,
    private readonly writable: WritableAttributes,
  ) {}

  async getProfile(caller: SignedInUser): Promise<Profile> {
    const user = await this.cognito.getUser(caller.accessToken);
    const { sub = caller.claims.sub, ...attributes } = user.attributes;
    const totpOn = user.mfaMethods.includes('SOFTWARE_TOKEN_MFA');
    const totp: TotpPreference = !totpOn
      ? 'DISABLED'
      : user.preferredMfa === 'SOFTWARE_TOKEN_MFA'
        ? 'PREFERRED'
        : 'ENABLED';
    return { username: user.username ?? caller.claims.username, sub, attributes, mfa: { totp } };
  }

  async updateProfile(caller: SignedInUser, attributes: Record<string, string>): Promise<Profile> {
    this.writable.check(attributes);
    await this.cognito.updateUserAttributes(caller.accessToken, attributes);
    this.logger.debug(`profile of ${caller.claims.username} updated: ${Object.keys(attributes).join(', ')}`);
    return this.getProfile(caller);
  }

  /**
   * Sends a code to verify the caller's email or phone number, and says where it went (masked). An email
   * changed with PATCH /auth/me is unverified (`email_verified` false) until this code comes back.
   */
  async requestAttributeVerification(
    caller: SignedInUser,
    attribute: VerifiableAttribute,
  ): Promise<CodeDelivery> {
    const delivery = await this.cognito.sendAttributeVerificationCode(caller.accessToken, attribute);
    this.logger.debug(`verification code for the ${attribute} of ${caller.claims.username} sent`);
    return {
      ...(delivery.medium ? { deliveryMedium: delivery.medium } : {}),
      ...(delivery.destination ? { destination: maskDestination(delivery.destination) } : {}),
    };
  }

  async confirmAttributeVerification(
    caller: SignedInUser,
    attribute: VerifiableAttribute,
    code: string,
  ): Promise<void> {
    await this.cognito.verifyAttribute(caller.accessToken, attribute, code);
    this.logger.debug(`${attribute} of ${caller.claims.username} verified`);
  }

  async setUpTotp(caller: SignedInUser): Promise<TotpSetup> {
    const secretCode = await this.cognito.associateSoftwareToken(caller.accessToken);
    if (!secretCode)
      throw new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'No secret was issued', undefined, 5);
    return { secretCode, otpauthUri: otpauthUri(caller.claims.username, secretCode) };
  }

  async verifyTotp(caller: SignedInUser, code: string, deviceName?: string): Promise<void> {
    await this.cognito.verifySoftwareToken(caller.accessToken, code, deviceName);
    this.logger.debug(`TOTP verified for ${caller.claims.username}`);
  }

  async setMfaPreference(caller: SignedInUser, totp: TotpPreference): Promise<void> {
    await this.cognito.setTotpPreference(caller.accessToken, totp !== 'DISABLED', totp === 'PREFERRED');
    this.logger.debug(`TOTP preference of ${caller.claims.username}: ${totp}`);
  }
}
