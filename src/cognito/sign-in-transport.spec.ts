import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mapCognitoError } from './cognito-errors';
import { SignInTransport } from './sign-in-transport';

/** A stand-in for Cognito's JSON API that answers every call with the next of `answers`. */
async function fakeCognito(answers: { status: number; body: string }[]) {
  const seen: { target?: string; type?: string; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({
        target: request.headers['x-amz-target'] as string,
        type: request.headers['content-type'],
        body,
      });
      const answer = answers.shift() ?? { status: 500, body: '{}' };
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

const observer = { observeCognitoCall: jest.fn() };

describe('SignInTransport (Cognito JSON API over undici)', () => {
  it('sends the operation as Cognito expects it and returns its answer', async () => {
    const cognito = await fakeCognito([{ status: 200, body: '{"ChallengeName":"PASSWORD_VERIFIER"}' }]);
    const transport = new SignInTransport(cognito.url, 1000, observer);
    try {
      const input = { AuthFlow: 'USER_SRP_AUTH' as const, ClientId: 'c', AuthParameters: { USERNAME: 'a' } };
      await expect(transport.initiateAuth(input)).resolves.toEqual({ ChallengeName: 'PASSWORD_VERIFIER' });
      expect(cognito.seen).toEqual([
        {
          target: 'AWSCognitoIdentityProviderService.InitiateAuth',
          type: 'application/x-amz-json-1.1',
          body: JSON.stringify(input),
        },
      ]);
    } finally {
      await transport.close();
      await cognito.close();
    }
  });

  it('turns Cognito refusals into named errors that the one error table maps', async () => {
    const cognito = await fakeCognito([
      {
        status: 400,
        body: '{"__type":"NotAuthorizedException","message":"Incorrect username or password."}',
      },
      { status: 400, body: '{"__type":"com.amazonaws#TooManyRequestsException","Message":"Rate exceeded"}' },
      { status: 500, body: 'not json' },
    ]);
    const transport = new SignInTransport(cognito.url, 1000, observer);
    const refusal = () =>
      transport.respondToAuthChallenge({ ChallengeName: 'PASSWORD_VERIFIER', ClientId: 'c' }).catch((e) => e);
    try {
      expect(mapCognitoError(await refusal(), 'signIn').code).toBe('INVALID_CREDENTIALS');
      expect(mapCognitoError(await refusal(), 'signIn').code).toBe('TOO_MANY_REQUESTS');
      expect(mapCognitoError(await refusal(), 'signIn').code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await transport.close();
      await cognito.close();
    }
  });

  it('an unreachable Cognito is UPSTREAM_UNAVAILABLE', async () => {
    const transport = new SignInTransport('http://127.0.0.1:1', 500, observer);
    try {
      const error: unknown = await transport
        .initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c' })
        .catch((e: unknown) => e);
      expect(mapCognitoError(error, 'signIn').code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      await transport.close();
    }
  });
});
