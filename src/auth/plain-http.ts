import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PlainHttpRequest {
  /** The whole exchange, connecting included. */
  timeoutMs: number;
  /** A larger answer fails the request. */
  maxResponseBytes: number;
}

export interface PlainHttpResponse {
  status: number;
  body: Buffer;
}

/**
 * One HTTP(S) GET over node:http, for the gateway's rare fetches of the pool's signing keys. Not
 * `fetch`: its first call instantiates undici's WebAssembly HTTP parser and connection pool, a lasting
 * cost in memory (docs/benchmark.md) for a few requests an hour.
 */
export function plainHttp(url: string, options: PlainHttpRequest): Promise<PlainHttpResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, {
      // A socket of its own, closed after the answer: nothing lingers between these rare calls.
      agent: false,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(error);
    };
    req.once('error', fail);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxResponseBytes)
          fail(new Error(`Response larger than ${options.maxResponseBytes} bytes`));
        else chunks.push(chunk);
      });
      res.once('error', fail);
      res.once('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
      });
    });
    req.end();
  });
}
