export const USERNAME = 'admin';
export const PASSWORD = 'Bench#Passw0rd!';

/** POST /auth/sign-in with the bench user; the access token. */
export async function signInThroughGateway(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
  });
  const body = (await response.json()) as { status?: string; tokens?: { accessToken: string } };
  if (response.status !== 200 || body.status !== 'AUTHENTICATED' || !body.tokens) {
    throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.tokens.accessToken;
}
