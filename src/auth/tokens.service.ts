import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { CognitoSettings } from '../cognito/cognito-settings';
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
    private readonly settings: CognitoSettings,
    private readonly revocations: RevocationStore,
  ) {}

  /**
   * New access and id tokens; the refresh token is returned only when Cognito rotated it. An app client
   * with a secret needs the username for the SECRET_HASH (Cognito's own username, which for a pool
   * signing in by email is the `sub`: what GET /auth/session answers as `username`).
   */
  async refresh(refreshToken: string, username?: string): Promise<Tokens> {
    if (this.settings.clientSecret !== undefined && username === undefined) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        'username is required to refresh: this gateway’s Cognito app client has a secret',
        [{ field: 'username', message: 'username is required with this app client' }],
      );
    }
    const issued = await this.cognito.refresh(refreshToken, username);
    if (!issued) throw unsupportedStep();
    const rotated = issued.refreshToken && issued.refreshToken !== refreshToken;
    const tokens = toTokens({ ...issued, refreshToken: rotated ? issued.refreshToken : undefined });
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
    const originJti =
      originJtiOf(refreshToken) ??
      // The exchange would need a SECRET_HASH, hence a username, which this route is not given.
      (this.settings.clientSecret === undefined ? await this.originJtiByExchange(refreshToken) : undefined);
    await this.cognito.revokeRefreshToken(refreshToken);
    if (originJti) await this.revocations.revokeSession(originJti);
    this.logger.debug(`refresh token revoked${originJti ? ' with its session' : ' (its session unknown)'}`);
  }

  /**
   * Global sign-out at Cognito, then this gateway refuses the user's earlier access tokens. The store is
   * checked first, as for revokeRefreshToken: an outage fails the request before Cognito signed anyone out.
   */
  async signOut(caller: FullSessionUser): Promise<void> {
    await this.revocations.assertWritable();
    await this.cognito.globalSignOut({
      username: caller.claims.username,
      accessToken: caller.accessToken,
      idToken: caller.idToken,
    });
    await this.revocations.revokeUserNow(caller.claims.sub);
    this.logger.debug(`global sign-out of ${caller.claims.username}`);
  }

  private async originJtiByExchange(refreshToken: string): Promise<string | undefined> {
    const issued = await this.cognito.refresh(refreshToken);
    // With rotation on, the exchange minted a successor: revoke it as well.
    if (issued?.refreshToken) await this.cognito.revokeRefreshToken(issued.refreshToken);
    return issued?.accessToken ? originJtiOf(issued.accessToken) : undefined;
  }
}
