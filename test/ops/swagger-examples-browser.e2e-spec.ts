import { artifactPath } from '../support/browser';
import { ADMIN_PASSWORD, ADMIN_USERNAME, useStack } from '../support/harness';
import { Answer, documentOperations, Edits, SwaggerUi, UI_TIMEOUT_MS } from '../support/swagger-ui';

/** What the steps learn along the way: the admin's tokens, from the sign-in Swagger UI answered. */
interface Learned {
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

interface Step {
  operationId: string;
  /** What a person types over the examples: only what no example can know (own password, tokens). */
  edits?: (learned: Learned) => Edits;
  /** The one non-2xx answer this example is expected to get, and why (EXPECTED_ERRORS below). */
  expected?: { status: number; code: string };
}

/**
 * Examples that cannot succeed whatever the document says: a code or a challenge session only a real
 * message or sign-in would give, a refresh token the example can only stand in for.
 */
const EXPECTED_ERRORS = {
  verifyTotp: { status: 400, code: 'CODE_MISMATCH' }, // the authenticator app's current code
  confirmForgotPassword: { status: 400, code: 'CODE_MISMATCH' }, // the code sent by forgot-password
  completeNewPassword: { status: 400, code: 'INVALID_SESSION' }, // a NEW_PASSWORD_REQUIRED session
  answerMfa: { status: 400, code: 'INVALID_SESSION' }, // an MFA challenge's session
  revokeRefreshToken: { status: 401, code: 'REFRESH_TOKEN_INVALID' }, // the example token stands in for one
  confirmAttributeVerification: { status: 400, code: 'CODE_MISMATCH' }, // the code mailed to the address
  answerOtp: { status: 400, code: 'INVALID_SESSION' }, // an EMAIL_OTP challenge's session
  completePasskeyRegistration: { status: 400, code: 'CREDENTIAL_INVALID' }, // a browser-made credential
  deletePasskey: { status: 404, code: 'PASSKEY_NOT_FOUND' }, // the id of a passkey the admin registered
  answerPasskey: { status: 400, code: 'INVALID_SESSION' }, // a WEB_AUTHN challenge's session
  deleteAccount: { status: 409, code: 'SELF_LOCKOUT' }, // the signed-in admin is the admin group's last member
} as const;

/** changePassword's example new password: the admin signs in with it again, since the change ended the session. */
const CHANGED_PASSWORD = 'N3w#Passw0rd';

/**
 * Every operation of the document, in an order where each example can work against a fresh local pool:
 * sign in and Authorize first, create before read, change and delete, sign out at the end. A route added
 * to the gateway must be placed here (the first test says so).
 */
const STEPS: Step[] = [
  { operationId: 'getLiveness' },
  { operationId: 'getReadiness' },
  { operationId: 'getPasswordPolicy' },
  // The example names the seeded admin; the password is the one thing to type (the banner prints it).
  { operationId: 'signIn', edits: () => ({ body: (example) => ({ ...example, password: ADMIN_PASSWORD }) }) },
  { operationId: 'getSession' },
  { operationId: 'getProfile' },
  { operationId: 'updateProfile' },
  { operationId: 'setUpTotp' },
  { operationId: 'verifyTotp', expected: EXPECTED_ERRORS.verifyTotp },
  { operationId: 'setMfaPreference' },
  { operationId: 'startPasskeyRegistration' },
  { operationId: 'completePasskeyRegistration', expected: EXPECTED_ERRORS.completePasskeyRegistration },
  { operationId: 'listPasskeys' },
  { operationId: 'deletePasskey', expected: EXPECTED_ERRORS.deletePasskey },
  { operationId: 'requestAttributeVerification' },
  { operationId: 'confirmAttributeVerification', expected: EXPECTED_ERRORS.confirmAttributeVerification },
  {
    operationId: 'refresh',
    edits: ({ refreshToken }) => ({
      body: (example) => ({ ...example, refreshToken, username: ADMIN_USERNAME }),
    }),
  },
  { operationId: 'listGroups' },
  { operationId: 'createGroup' },
  { operationId: 'listUsers' },
  { operationId: 'createUser' },
  { operationId: 'getUser' },
  { operationId: 'updateUser' },
  { operationId: 'listUserGroups' },
  { operationId: 'addUserToGroup' },
  { operationId: 'listUsersInGroup' },
  { operationId: 'removeUserFromGroup' },
  { operationId: 'setUserPassword' },
  { operationId: 'resetUserPassword' },
  { operationId: 'forgotPassword' },
  { operationId: 'confirmForgotPassword', expected: EXPECTED_ERRORS.confirmForgotPassword },
  { operationId: 'completeNewPassword', expected: EXPECTED_ERRORS.completeNewPassword },
  { operationId: 'answerMfa', expected: EXPECTED_ERRORS.answerMfa },
  { operationId: 'startPasswordlessSignIn' },
  { operationId: 'answerOtp', expected: EXPECTED_ERRORS.answerOtp },
  { operationId: 'startPasskeySignIn' },
  { operationId: 'answerPasskey', expected: EXPECTED_ERRORS.answerPasskey },
  { operationId: 'disableUser' },
  { operationId: 'enableUser' },
  { operationId: 'signOutUser' },
  { operationId: 'deleteUser' },
  { operationId: 'deleteGroup' },
  {
    operationId: 'changePassword',
    edits: ({ idToken }) => ({
      params: { 'X-Id-Token': idToken },
      body: (example) => ({ ...example, currentPassword: ADMIN_PASSWORD }),
    }),
  },
  // A password change ends every session, the caller's own too: sign in again with the new password.
  {
    operationId: 'signIn',
    edits: () => ({ body: (example) => ({ ...example, password: CHANGED_PASSWORD }) }),
  },
  {
    operationId: 'deleteAccount',
    edits: ({ idToken }) => ({ params: { 'X-Id-Token': idToken } }),
    expected: EXPECTED_ERRORS.deleteAccount,
  },
  { operationId: 'signOut', edits: ({ idToken }) => ({ params: { 'X-Id-Token': idToken } }) },
  { operationId: 'revokeRefreshToken', expected: EXPECTED_ERRORS.revokeRefreshToken },
];

const THIS_FILE = 'test/ops/swagger-examples-browser.e2e-spec.ts';

describe('Swagger UI: Try it out → Execute on every operation’s example (Debian chromium)', () => {
  const stack = useStack();
  let document: any;
  let ui: SwaggerUi | undefined;

  beforeAll(async () => {
    document = (await stack.gateway.get('/docs-json')).body;
    ui = await SwaggerUi.open(stack.gateway.baseUrl, document);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('has a place in the order for every operation of /docs-json, and none for a route that is gone', () => {
    const documented = documentOperations(document).map((op) => op.operationId);
    const placed = STEPS.map((step) => step.operationId);
    const unplaced = documented.filter((id) => !placed.includes(id));
    const gone = placed.filter((id) => !documented.includes(id));
    if (unplaced.length > 0 || gone.length > 0) {
      throw new Error(
        [
          unplaced.length > 0 &&
            `Operations of /docs-json this test does not know: ${unplaced.join(', ')}. Place each in STEPS ` +
              `(${THIS_FILE}) where its example can work: after the steps that create what it needs, before ` +
              'those that delete it; list it in EXPECTED_ERRORS only if no example could succeed.',
          gone.length > 0 && `STEPS names operations /docs-json no longer has: ${gone.join(', ')}.`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
    // Only sign-in comes twice (again after the password change); everything else once.
    const repeated = placed.filter((id, i) => placed.indexOf(id) !== i);
    expect(repeated).toEqual(['signIn']);
  });

  it(
    'answers every example with a 2xx, or with its expected error',
    async () => {
      const browser = ui!;
      const learned: Partial<Learned> = {};
      const unexpected: string[] = [];
      const answers: string[] = [];
      for (const step of STEPS) {
        const edits = step.edits?.(learned as Learned) ?? {};
        let answer: Answer;
        try {
          answer = await browser.execute(step.operationId, edits);
        } catch (error) {
          await browser.page.screenshot({ path: artifactPath('swagger-examples-failure.png') });
          throw new Error(`${step.operationId}: Swagger UI did not answer: ${(error as Error).message}`);
        }
        const line = `${step.operationId}: ${answer.status} ${answer.body?.code ?? ''}`.trim();
        answers.push(line);
        const ok = step.expected
          ? answer.status === step.expected.status && answer.body?.code === step.expected.code
          : answer.status >= 200 && answer.status < 300;
        if (!ok) {
          const wanted = step.expected ? `${step.expected.status} ${step.expected.code}` : '2xx';
          unexpected.push(`${line} (expected ${wanted}): ${JSON.stringify(answer.body)?.slice(0, 300)}`);
        }
        if (answer.shownStatus !== String(answer.status)) {
          unexpected.push(
            `${step.operationId}: Swagger UI shows ${answer.shownStatus}, got ${answer.status}`,
          );
        }
        if (step.operationId === 'signIn') {
          const tokens = answer.body?.tokens;
          if (!tokens?.accessToken) throw new Error(`signIn as ${ADMIN_USERNAME}: ${line}`);
          Object.assign(learned, tokens);
          await browser.authorize(tokens.accessToken);
        }
      }
      console.log(`Swagger UI answers, in order:\n  ${answers.join('\n  ')}`);
      expect(unexpected).toEqual([]);
    },
    STEPS.length * UI_TIMEOUT_MS,
  );
});
