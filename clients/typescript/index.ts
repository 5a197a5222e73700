import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './generated/schema';

export type * from './generated/schema';

export type GatewayClient = Client<paths>;

export interface GatewayClientOptions extends ClientOptions {
  /** Read before every request; when it returns a token, it goes out as `Authorization: Bearer <token>`. */
  accessToken?: () => string | undefined;
}

/**
 * A typed client of the gateway (openapi-fetch over the generated types):
 * `const { data, error, response } = await client.POST('/auth/sign-in', { body: { username, password } })`.
 * `error` is the contract's error body (`code`, `message`) whenever the status is not 2xx.
 */
export function createGatewayClient({ accessToken, ...options }: GatewayClientOptions = {}): GatewayClient {
  const client = createClient<paths>(options);
  if (accessToken) {
    client.use({
      onRequest({ request }) {
        const token = accessToken();
        if (token && !request.headers.has('authorization')) {
          request.headers.set('authorization', `Bearer ${token}`);
        }
        return request;
      },
    });
  }
  return client;
}
