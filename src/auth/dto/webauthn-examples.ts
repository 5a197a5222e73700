/**
 * What the browser's PublicKeyCredential.toJSON() looks like, for the OpenAPI document. They are shapes,
 * not working credentials: a real one is signed over the challenge Cognito just issued.
 */
export const REGISTRATION_CREDENTIAL_EXAMPLE = {
  id: 'AaFdkcD4SuPjF-jwo2KZk2cbzw',
  rawId: 'AaFdkcD4SuPjF-jwo2KZk2cbzw',
  type: 'public-key',
  authenticatorAttachment: 'platform',
  response: {
    clientDataJSON:
      'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiZXhhbXBsZSIsIm9yaWdpbiI6Imh0dHBzOi8vYXBwLmV4YW1wbGUuY29tIn0',
    attestationObject: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjF',
    transports: ['internal', 'hybrid'],
  },
  clientExtensionResults: {},
};

export const AUTHENTICATION_CREDENTIAL_EXAMPLE = {
  id: 'AaFdkcD4SuPjF-jwo2KZk2cbzw',
  rawId: 'AaFdkcD4SuPjF-jwo2KZk2cbzw',
  type: 'public-key',
  authenticatorAttachment: 'platform',
  response: {
    clientDataJSON:
      'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiZXhhbXBsZSIsIm9yaWdpbiI6Imh0dHBzOi8vYXBwLmV4YW1wbGUuY29tIn0',
    authenticatorData: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ',
    signature: 'MEUCIQDb6PzsLd7Lb3-JCsAhhyhpGlU6EL6TNmGa0Qa-oBeDcAIgGh4y9AQF8OJw3-dz6sC12v0t8VQeTnQ2',
    userHandle: 'Y2IzNjE4NjItNDBkZC00ZGU1',
  },
  clientExtensionResults: {},
};

export const CREATION_OPTIONS_EXAMPLE = {
  rp: { id: 'app.example.com', name: 'Example' },
  user: { id: 'Y2IzNjE4NjItNDBkZC00ZGU1', name: 'alice', displayName: 'alice' },
  challenge: 'ZXhhbXBsZS1jaGFsbGVuZ2U',
  pubKeyCredParams: [
    { type: 'public-key', alg: -7 },
    { type: 'public-key', alg: -257 },
  ],
  timeout: 60000,
  excludeCredentials: [],
  authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
};

export const REQUEST_OPTIONS_EXAMPLE = {
  challenge: 'ZXhhbXBsZS1jaGFsbGVuZ2U',
  rpId: 'app.example.com',
  timeout: 60000,
  userVerification: 'preferred',
  allowCredentials: [{ id: 'AaFdkcD4SuPjF-jwo2KZk2cbzw', type: 'public-key', transports: ['internal'] }],
};
