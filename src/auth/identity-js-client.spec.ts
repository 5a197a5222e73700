import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { BoundedIdentityJsClient } from './identity-js-client';

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
});
