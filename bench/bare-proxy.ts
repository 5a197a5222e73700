/**
 * The floor of any gateway hop on this machine, for the bench's sign-in overhead: a bare Node HTTP server
 * that turns POST /auth/sign-in into the same InitiateAuth over the gateway's own Cognito client
 * (src/auth/lean-http.ts) and answers with the tokens. No framework, validation, logging or metrics.
 * Forked by bench/processes.ts with the emulator's endpoint and client id; sends `{ url }` once listening.
 */
import { createServer } from 'node:http';
import { LeanHttpClient } from '../src/auth/lean-http';

const [endpoint, clientId] = process.argv.slice(2);
const cognito = new LeanHttpClient(new URL(endpoint), {
  maxSockets: 128,
  idleTimeoutMs: 4000,
  maxResponseBytes: 1024 * 1024,
  tooLarge: () => new Error('Response too large'),
});

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { username, password } = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, string>;
    const body = JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    const headers = {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    };
    cognito
      .post(headers, body, 60_000, () => new Error('timeout'))
      .then(
        (answer) => {
          const result = (
            JSON.parse(answer.body.toString()) as { AuthenticationResult?: Record<string, string> }
          ).AuthenticationResult;
          const tokens = result && {
            accessToken: result.AccessToken,
            idToken: result.IdToken,
            refreshToken: result.RefreshToken,
          };
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: 'AUTHENTICATED', tokens }));
        },
        (error: Error) => {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: error.message }));
        },
      );
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ url: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => process.exit(0));
