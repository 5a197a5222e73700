import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { PasskeyRecord } from '../cognito/cognito-user-api.types';
import { SignedInUser } from './access-token-claims';
import { Passkey } from './sign-in-result';

/** The signed-in user's passkeys: registration (Cognito keeps the challenge), listing and deletion. */
@Injectable()
export class PasskeysService {
  private readonly logger = new Logger('Passkeys');

  constructor(private readonly cognito: CognitoUserApi) {}

  async listPasskeys(caller: SignedInUser): Promise<Passkey[]> {
    return (await this.cognito.listPasskeys(caller.accessToken)).map(toPasskey);
  }

  startRegistration(caller: SignedInUser): Promise<Record<string, unknown>> {
    return this.cognito.startPasskeyRegistration(caller.accessToken);
  }

  /**
   * Cognito verifies the attestation and answers nothing, so the new passkey is read back from the
   * caller's list by its id.
   */
  async completeRegistration(caller: SignedInUser, credential: Record<string, unknown>): Promise<Passkey> {
    await this.cognito.completePasskeyRegistration(caller.accessToken, credential);
    const registered = (await this.cognito.listPasskeys(caller.accessToken)).find(
      (passkey) => passkey.credentialId === credential.id,
    );
    if (!registered) {
      throw new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Cognito did not list the passkey it registered');
    }
    this.logger.debug(`passkey registered for ${caller.claims.username}`);
    return toPasskey(registered);
  }

  async deletePasskey(caller: SignedInUser, credentialId: string): Promise<void> {
    await this.cognito.deletePasskey(caller.accessToken, credentialId);
    this.logger.debug(`passkey of ${caller.claims.username} deleted`);
  }
}

function toPasskey(record: PasskeyRecord): Passkey {
  return {
    credentialId: record.credentialId,
    ...(record.friendlyName ? { friendlyName: record.friendlyName } : {}),
    relyingPartyId: record.relyingPartyId,
    ...(record.authenticatorAttachment ? { authenticatorAttachment: record.authenticatorAttachment } : {}),
    createdAt: record.createdAt.toISOString(),
  };
}
