import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { artifactPath } from '../support/browser';
import { ADMIN_PASSWORD, ADMIN_USERNAME, useStack } from '../support/harness';
import { SwaggerUi, UI_TIMEOUT_MS } from '../support/swagger-ui';

const README = path.resolve(__dirname, '../../README.md');

/**
 * The JSON blocks of the README's "Quick start", in order: the bodies a newcomer sends and the
 * challenge they get back. The test sends exactly these, so the README cannot drift from the UI.
 */
function quickStartBlocks(): any[] {
  const readme = readFileSync(README, 'utf8');
  const section = /^## Quick start\n([\s\S]*?)^## /m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## Quick start" section');
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(([, json]) => JSON.parse(json));
}

describe('README Quick start, walked through Swagger UI alone (Debian chromium)', () => {
  const stack = useStack();
  let ui: SwaggerUi | undefined;

  beforeAll(async () => {
    const document = (await stack.gateway.get('/docs-json')).body;
    ui = await SwaggerUi.open(stack.gateway.baseUrl, document);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it(
    'sign in as admin, Authorize, create a user, their first sign-in and new password, sign-out',
    async () => {
      const browser = ui!;
      const blocks = quickStartBlocks();
      // Sign-in as admin, create-user body, alice's sign-in, her challenge, her new-password answer.
      expect(blocks).toHaveLength(5);
      const [adminSignIn, createUser, aliceSignIn, challenge, newPassword] = blocks;

      try {
        // 1. Sign in as the admin: the example names the admin, the printed password is typed over it.
        expect(await browser.exampleBody('signIn')).toMatchObject({ username: adminSignIn.username });
        expect(adminSignIn).toEqual({ username: ADMIN_USERNAME, password: '<the printed password>' });
        const admin = await browser.execute('signIn', {
          body: () => ({ ...adminSignIn, password: ADMIN_PASSWORD }),
        });
        expect(admin.status).toBe(200);
        expect(admin.body).toMatchObject({
          status: 'AUTHENTICATED',
          tokens: { tokenType: 'Bearer', expiresIn: expect.any(Number) },
        });

        // 2. Authorize; GET /auth/session shows the admin group.
        await browser.authorize(admin.body.tokens.accessToken);
        const adminSession = await browser.execute('getSession');
        expect(adminSession.status).toBe(200);
        expect(adminSession.body).toMatchObject({ username: ADMIN_USERNAME, groups: ['admin'] });

        // 3. Create a user with the example as it is filled in (the README shows that very body).
        expect(await browser.exampleBody('createUser')).toEqual(createUser);
        const created = await browser.execute('createUser');
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
          username: createUser.username,
          status: 'FORCE_CHANGE_PASSWORD',
        });

        // 4. That user's first sign-in answers the new-password challenge…
        const first = await browser.execute('signIn', { body: () => aliceSignIn });
        expect(first.status).toBe(200);
        expect(first.body).toMatchObject({
          status: challenge.status,
          challenge: {
            name: challenge.challenge.name,
            requiredAttributes: challenge.challenge.requiredAttributes,
          },
        });
        const session: string = first.body.challenge.session;

        // …answered with the example, the challenge's session pasted over the example's.
        const example = await browser.exampleBody('completeNewPassword');
        expect({ ...example, session: newPassword.session }).toEqual(newPassword);
        const answered = await browser.execute('completeNewPassword', {
          body: () => ({ ...newPassword, session }),
        });
        expect(answered.status).toBe(200);
        expect(answered.body).toMatchObject({ status: 'AUTHENTICATED' });
        const alice = answered.body.tokens;

        // 5. Authorize as alice, sign out with her id token, and her access token is refused from then on.
        await browser.authorize(alice.accessToken);
        const aliceSession = await browser.execute('getSession');
        expect(aliceSession.body).toMatchObject({ username: createUser.username, groups: [] });
        const signedOut = await browser.execute('signOut', { params: { 'X-Id-Token': alice.idToken } });
        expect(signedOut.status).toBe(204);
        const after = await browser.execute('getSession');
        expect(after.status).toBe(401);
        expect(after.body).toMatchObject({ code: 'TOKEN_REVOKED' });
        expect(after.shownStatus).toBe('401');
      } catch (error) {
        await browser.page.screenshot({ path: artifactPath('quick-start-failure.png') });
        throw error;
      }
    },
    20 * UI_TIMEOUT_MS,
  );
});
