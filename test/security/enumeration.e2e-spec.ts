import { AdminDisableUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createUser, PASSWORD, uniqueUsername } from '../support/auth-helpers';
import { HttpResult, useStack } from '../support/harness';

const WRONG = 'Wr0ng#Passw0rd';

/** What a client can compare: status, body bytes, and the headers that could differ by outcome. */
function visible(res: HttpResult) {
  return {
    status: res.status,
    text: res.text,
    contentType: res.headers.get('content-type'),
    retryAfter: res.headers.get('retry-after'),
  };
}

describe('enumeration: answers do not tell whether an account exists', () => {
  const stack = useStack();

  const signIn = (username: string, password: string) =>
    stack.gateway.post('/auth/sign-in', { body: { username, password } });

  it('sign-in: unknown user, wrong password, first-access user with a wrong password and disabled user are byte-identical 401s', async () => {
    const confirmed = await createUser(stack.cognito, uniqueUsername('known'), {
      permanentPassword: PASSWORD,
    });
    const firstAccess = await createUser(stack.cognito, uniqueUsername('fresh'));
    const disabled = await createUser(stack.cognito, uniqueUsername('disabled'), {
      permanentPassword: PASSWORD,
    });
    await stack.sdk.send(
      new AdminDisableUserCommand({ UserPoolId: stack.cognito.userPoolId, Username: disabled.username }),
    );

    const unknown = visible(await signIn(uniqueUsername('ghost'), WRONG));
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.text)).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: expect.any(String),
    });
    expect(visible(await signIn(confirmed.username, WRONG))).toEqual(unknown);
    expect(visible(await signIn(firstAccess.username, WRONG))).toEqual(unknown);
    expect(visible(await signIn(disabled.username, WRONG))).toEqual(unknown);
    expect(visible(await signIn(disabled.username, PASSWORD))).toEqual(unknown);
  });

  it('forgot-password: 202 with a masked destination of the same shape for unknown and known users, stable per username', async () => {
    const known = await createUser(stack.cognito, uniqueUsername('known'), { permanentPassword: PASSWORD });
    const unverified = await createUser(stack.cognito, uniqueUsername('unverified'), {
      permanentPassword: PASSWORD,
      attributes: { email_verified: 'false' },
    });
    const ghost = uniqueUsername('ghost');
    const forgot = (username: string) => stack.gateway.post('/auth/forgot-password', { body: { username } });

    const answers = [await forgot(known.username), await forgot(unverified.username), await forgot(ghost)];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(Object.keys(res.body).sort()).toEqual(['deliveryMedium', 'destination']);
      expect(res.body.deliveryMedium).toBe('EMAIL');
      expect(res.body.destination).toMatch(/^[a-z]\*\*\*@[a-z]\*\*\*$/);
      expect(res.headers.get('content-type')).toBe(answers[0].headers.get('content-type'));
    }
    expect(answers[0].text).not.toContain(known.email);
    expect((await forgot(ghost)).text).toBe(answers[2].text);
  });

  it('forgot-password/confirm: a code for an unknown user is the same 400 as a wrong code for a known one', async () => {
    const known = await createUser(stack.cognito, uniqueUsername('known'), { permanentPassword: PASSWORD });
    await stack.gateway.post('/auth/forgot-password', { body: { username: known.username } });
    const confirm = (username: string) =>
      stack.gateway.post('/auth/forgot-password/confirm', {
        body: { username, code: '000000', newPassword: 'N3w#Passw0rd' },
      });
    const unknown = visible(await confirm(uniqueUsername('ghost')));
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).code).toBe('CODE_MISMATCH');
    expect(visible(await confirm(known.username))).toEqual(unknown);
  });
});
