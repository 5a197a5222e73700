import { registerDecorator, ValidationOptions } from 'class-validator';

/** WebAuthn's credential ids are at most 1023 bytes: 1364 base64url characters. */
export const MAX_CREDENTIAL_ID_LENGTH = 1364;
/** Far more than any attestation with its certificates; far less than what costs parsing. */
const MAX_CREDENTIAL_JSON_LENGTH = 32 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export type CeremonyKind = 'registration' | 'authentication';

/** The binary fields of `response` each ceremony must carry (PublicKeyCredential.toJSON()). */
const RESPONSE_FIELDS: Record<CeremonyKind, readonly string[]> = {
  registration: ['clientDataJSON', 'attestationObject'],
  authentication: ['clientDataJSON', 'authenticatorData', 'signature'],
};

export function isBase64Url(value: unknown, maxLength = MAX_CREDENTIAL_JSON_LENGTH): value is string {
  return typeof value === 'string' && value.length <= maxLength && BASE64URL.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The shape of PublicKeyCredential.toJSON() for one ceremony, and a bounded size: what the browser made
 * goes to Cognito as it is (fields a newer browser adds included); Cognito verifies the rest.
 */
export function isWebAuthnCredential(value: unknown, kind: CeremonyKind): boolean {
  if (!isObject(value) || !isObject(value.response)) return false;
  const { response } = value;
  if (JSON.stringify(value).length > MAX_CREDENTIAL_JSON_LENGTH) return false;
  return (
    isBase64Url(value.id, MAX_CREDENTIAL_ID_LENGTH) &&
    isBase64Url(value.rawId, MAX_CREDENTIAL_ID_LENGTH) &&
    value.type === 'public-key' &&
    (value.clientExtensionResults === undefined || isObject(value.clientExtensionResults)) &&
    (value.authenticatorAttachment == null || typeof value.authenticatorAttachment === 'string') &&
    RESPONSE_FIELDS[kind].every((field) => isBase64Url(response[field])) &&
    (response.userHandle == null || isBase64Url(response.userHandle)) &&
    (response.transports === undefined ||
      (Array.isArray(response.transports) && response.transports.every((t) => typeof t === 'string')))
  );
}

/** A WebAuthn credential as PublicKeyCredential.toJSON() gives it, for a registration or a sign-in. */
export function IsWebAuthnCredential(kind: CeremonyKind, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isWebAuthnCredential',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be the ${kind === 'registration' ? 'navigator.credentials.create()' : 'navigator.credentials.get()'} result as PublicKeyCredential.toJSON() gives it (type "public-key", base64url id, rawId and response fields), at most 32 KB`,
        ...options,
      },
      validator: { validate: (value: unknown) => isWebAuthnCredential(value, kind) },
    });
}
