import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { BoundedIdentityJsClient, withSecretHash } from './identity-js-client';

describe('BoundedIdentityJsClient', () => {
  let server: Server;
  let requests = 0;
  let respond: (req: IncomingMessage, res: ServerResponse) => void;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests += 1;
      respond(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (requests = 0));

  const call = (client: BoundedIdentityJsClient, retry: boolean) =>
    new Promise<Error | null>((resolve) => {
      const done = (error: Error | null) => resolve(error);
      if (retry) client.requestWithRetry('InitiateAuth', {}, done);
      else client.request('InitiateAuth', {}, done);
    });

  it('makes one attempt where identity-js would retry for ~6 s', async () => {
    respond = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({ __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' }),
      );
    };
    const started = Date.now();
    const error = await call(new BoundedIdentityJsClient(endpoint, 2000), true);
    expect(error).toMatchObject({ name: 'NotAuthorizedException' });
    expect(requests).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up after its timeout when Cognito does not answer', async () => {
    respond = () => undefined; // never answers
    const started = Date.now();
    const error = await call(new BoundedIdentityJsClient(endpoint, 200), false);
    expect(error?.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  describe('ping', () => {
    const answer = (status: number) => (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' }));
    };

    it("resolves on Cognito's refusal of the bogus token: any answer below 500 means it is up", async () => {
      respond = answer(400);
      await expect(new BoundedIdentityJsClient(endpoint, 1000).ping()).resolves.toBeUndefined();
    });

    it('rejects a 5xx with its status', async () => {
      respond = answer(503);
      await expect(new BoundedIdentityJsClient(endpoint, 1000).ping()).rejects.toMatchObject({
        statusCode: 503,
        message: 'Cognito answered HTTP 503',
      });
    });

    it('rejects when Cognito does not answer within the timeout, or nothing listens', async () => {
      respond = () => undefined;
      await expect(new BoundedIdentityJsClient(endpoint, 200).ping()).rejects.toMatchObject({
        name: 'TimeoutError',
      });
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      await expect(
        new BoundedIdentityJsClient(`http://127.0.0.1:${port}`, 1000).ping(),
      ).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    });
  });

  it('sends the SECRET_HASH of the username each call names, on the calls that need one', async () => {
    let body: Record<string, any> = {};
    respond = (req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        body = JSON.parse(text) as Record<string, any>;
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end('{}');
      });
    };
    const client = new BoundedIdentityJsClient(endpoint, 2000, undefined, (username) => `hash(${username})`);
    await client.call('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'alice', SRP_A: 'a' },
    });
    expect(body.AuthParameters).toEqual({ USERNAME: 'alice', SRP_A: 'a', SECRET_HASH: 'hash(alice)' });
  });
});

describe('withSecretHash', () => {
  const hashOf = (username: string) => `hash(${username})`;

  it.each([
    [
      'RespondToAuthChallenge',
      { ChallengeResponses: { USERNAME: 'u-1', ANSWER: 'x' } },
      { ChallengeResponses: { USERNAME: 'u-1', ANSWER: 'x', SECRET_HASH: 'hash(u-1)' } },
    ],
    [
      'ForgotPassword',
      { ClientId: 'c', Username: 'bob' },
      { ClientId: 'c', Username: 'bob', SecretHash: 'hash(bob)' },
    ],
    [
      'ConfirmForgotPassword',
      { Username: 'bob', Password: 'p' },
      { Username: 'bob', Password: 'p', SecretHash: 'hash(bob)' },
    ],
    // refresh names no user: its caller sets SECRET_HASH, which is kept as given
    [
      'InitiateAuth',
      { AuthParameters: { REFRESH_TOKEN: 't', SECRET_HASH: 'given' } },
      { AuthParameters: { REFRESH_TOKEN: 't', SECRET_HASH: 'given' } },
    ],
    ['ChangePassword', { AccessToken: 'a' }, { AccessToken: 'a' }],
  ])('%s', (operation, params, expected) => {
    expect(withSecretHash(operation, params, hashOf)).toEqual(expected);
  });

  it('changes nothing for an app client without a secret', () => {
    const params = { AuthParameters: { USERNAME: 'alice', PASSWORD: 'p' } };
    expect(withSecretHash('InitiateAuth', params, () => undefined)).toBe(params);
  });
});
