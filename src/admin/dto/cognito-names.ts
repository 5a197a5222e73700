/**
 * Cognito's own patterns for user and group names (letters, marks, symbols, numbers, punctuation;
 * no spaces or control characters), so a bad name is a 400 here rather than a round trip to Cognito.
 * Less `.` and `..`, which Cognito takes but no URL can reach: clients normalise them out of the path.
 */
export const COGNITO_NAME = /^(?!\.\.?$)[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
export const COGNITO_NAME_MESSAGE =
  '$property may contain letters, numbers, symbols and punctuation only, and cannot be "." or ".."';
export const MAX_NAME_LENGTH = 128;
