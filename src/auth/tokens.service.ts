import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoUserApi } from '../cognito/cognito-user-api';
import { FullSessionUser } from './access-token-claims';
import { originJtiOf, toTokens, unsupportedStep } from './issued-tokens';
import { RevocationStore } from '../revocation/revocation.store';
import { Tokens } from './sign-in-result';

/** The life of a session's tokens after sign-in: refresh, revoke, sign out everywhere. */
@Injectable()
export class TokensService {
  private readonly logger = new Logger('Tokens');

  constructor(
    private readonly cognito: CognitoUserApi,
    private readonly revocations: RevocationStore,
  ) {}

  /**
   * New access and id tokens; a refresh token only when Cognito rotated it (the app must then keep the
   * new one: the old one lives on for the app client's grace period only).
   */
  async refresh(refreshToken: string): Promise<Tokens> {
    const issued = await this.cognito.refresh(refreshToken);
    if (!issued) throw unsupportedStep();
    // Cognito sends a refresh token only when it rotated it; one equal to the presented token is no news.
    const rotated = issued.refreshToken !== refreshToken ? issued.refreshToken : undefined;
    const tokens = toTokens({ ...issued, refreshToken: rotated });
    this.logger.debug(`refresh: ${tokens.refreshToken ? 'rotated' : 'same'} refresh token`);
    return tokens;
  }

  /**
   * Revokes a refresh token at Cognito and, in this gateway, the access tokens of its sign-in session
   * (their `origin_jti`). The session id comes from the refresh token when it is a readable JWT that
   * carries one; AWS's refresh tokens are encrypted, so otherwise one refresh exchange yields an access
   * token of the same session. The local revocation happens only after Cognito accepted the token, so
   * a forged token cannot revoke someone else's session. The store is checked first, so that when it is
   * unavailable the request fails before Cognito revoked anything and a retry can still complete it.
   */
  async revokeRefreshToken(refreshToken: string): Promise<void> {
    await this.revocations.assertWritable();
    const readable = originJtiOf(refreshToken);
    const exchanged = readable ? undefined : await this.cognito.refresh(refreshToken);
    const originJti = readable ?? (exchanged?.accessToken ? originJtiOf(exchanged.accessToken) : undefined);
    if (exchanged?.refreshToken) {
      // The exchange rotated the token: its successor is of the same session and revoking it ends that
      // session. The presented token may already be rotated out (a grace period of 0); that is fine.
      await this.cognito.revokeRefreshToken(exchanged.refreshToken);
      await this.cognito.revokeRefreshToken(refreshToken).catch((error: unknown) => {
        if (!(error instanceof DomainError && error.code === ErrorCode.REFRESH_TOKEN_INVALID)) throw error;
      });
    } else {
      await this.cognito.revokeRefreshToken(refreshToken);
    }
    if (originJti) await this.revocations.revokeSession(originJti);
    this.logger.debug(`refresh token revoked${originJti ? ' with its session' : ' (its session unknown)'}`);
  }

  /**
   * Global sign-out at Cognito, then this gateway refuses the user's earlier access tokens; an outage of
   * the store fails the request before Cognito signed anyone out.
   */
  async signOut(caller: FullSessionUser): Promise<void> {
    await this.revocations.revokeUserAfter(async () => {
      await this.cognito.globalSignOut({
        username: caller.claims.username,
        accessToken: caller.accessToken,
        idToken: caller.idToken,
      });
      return caller.claims.sub;
    });
    this.logger.debug(`global sign-out of ${caller.claims.username}`);
  }
}
