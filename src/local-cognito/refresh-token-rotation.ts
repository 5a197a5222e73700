import type { RefreshTokenRotationType } from '@aws-sdk/client-cognito-identity-provider';
import type { AppClient } from 'cognito-local/lib/services/appClient';
import type { CognitoErrors } from './errors';

/** cognito-local's app client record, with the setting it does not know and we store beside its own. */
export interface LocalAppClient extends AppClient {
  RefreshTokenRotation?: RefreshTokenRotationType;
}

const MAX_GRACE_SECONDS = 60;

/** The app client's rotation when it is on: the grace period of a rotated-out refresh token (default 0). */
export function rotationOf(client: AppClient): { graceSeconds: number } | undefined {
  const rotation = (client as LocalAppClient).RefreshTokenRotation;
  if (rotation?.Feature !== 'ENABLED') return undefined;
  return { graceSeconds: rotation.RetryGracePeriodSeconds ?? 0 };
}

/** CreateUserPoolClient/UpdateUserPoolClient's checks of RefreshTokenRotation, in AWS's validation wording. */
export function assertValidRotation(errors: CognitoErrors, rotation: unknown): void {
  if (rotation === undefined) return;
  const { Feature, RetryGracePeriodSeconds: grace } = (rotation ?? {}) as Record<string, unknown>;
  if (Feature !== 'ENABLED' && Feature !== 'DISABLED') {
    throw errors.invalidParameter(
      `1 validation error detected: Value '${String(Feature)}' at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
    );
  }
  if (
    grace !== undefined &&
    (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS)
  ) {
    throw errors.invalidParameter(
      `1 validation error detected: Value '${JSON.stringify(grace)}' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value between 0 and ${MAX_GRACE_SECONDS}`,
    );
  }
}
