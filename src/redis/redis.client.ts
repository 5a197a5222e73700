import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';

/** How long a client should wait before retrying while Redis is away: about one reconnection attempt. */
export const REDIS_RETRY_AFTER_SECONDS = 2;

/** Longest pause between reconnection attempts, so the gateway notices a returning Redis within ~2 s. */
const MAX_RECONNECT_DELAY_MS = 2000;

/** What a subscriber hears from its own connection (see `RedisClient.subscribe`). */
export interface SubscriptionHandlers {
  /** Each time the connection is (again) subscribed: messages published since are delivered, earlier ones are not. */
  subscribed: () => void;
  /** The connection dropped: messages may be lost until the next `subscribed`. */
  lost: () => void;
  message: (message: string) => void;
}

export interface RedisClientOptions {
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/**
 * The one connection to Redis, shared by the revocation store, rate limiting and readiness. It fails
 * fast: with no offline queue a command sent while the connection is down is refused at once instead
 * of waiting for Redis to return, and a command Redis does not answer in time fails too. Meanwhile the
 * connection retries forever, so the gateway recovers by itself when Redis comes back.
 */
export class RedisClient implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly redis: Redis;
  private readonly subscribers: Redis[] = [];
  /** Why the connection is down, for readiness; undefined while it is up. */
  private failure?: string = 'not connected yet';
  private outageLogged = false;

  constructor(url: string, options: RedisClientOptions = {}) {
    // Loaded here, not at boot: an instance without REDIS_URL never uses its heap.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Redis: IoRedis } = require('ioredis') as typeof import('ioredis');
    this.redis = new IoRedis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 2000,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
    });
    this.redis.on('ready', () => {
      if (this.outageLogged) this.logger.log('Redis connection restored');
      this.failure = undefined;
      this.outageLogged = false;
    });
    // Log each outage once, not every reconnection attempt.
    this.redis.on('error', (error: Error) => {
      this.failure = describe(error);
      if (!this.outageLogged) this.logger.warn(`Redis unavailable: ${this.failure}`);
      this.outageLogged = true;
    });
    this.redis.on('close', () => (this.failure ??= 'connection closed'));
  }

  /** The first connection. A Redis that is down at boot is not fatal: readiness reports it until it comes. */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch {
      // The 'error' listener logged why; the retry strategy keeps trying.
    }
  }

  /** Runs commands; any Redis failure becomes 503 UPSTREAM_UNAVAILABLE, never a silent default. */
  async run<T>(commands: (redis: Redis) => Promise<T>): Promise<T> {
    try {
      return await commands(this.redis);
    } catch (error) {
      this.logger.debug(`Redis command failed: ${describe(error)}`);
      throw new DomainError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        'Shared session state is unavailable; retry later',
        undefined,
        REDIS_RETRY_AFTER_SECONDS,
      );
    }
  }

  /** Resolves when Redis answers PING; rejects with the reason otherwise (readiness). */
  async ping(): Promise<void> {
    try {
      await this.redis.ping();
    } catch (error) {
      // Right after a drop, the command can fail before the 'error'/'close' events name the cause, even
      // while ioredis still reports 'ready' (it then refuses to write to the dead socket).
      const dropped = this.redis.status !== 'ready' || /stream isn't writeable/i.test(describe(error));
      throw new Error(this.failure ?? (dropped ? 'connection lost' : describe(error)));
    }
  }

  /**
   * Listens to a channel on a connection of its own (a subscribed Redis connection takes no other
   * command), reconnecting forever like the main one. It subscribes again itself on each reconnection,
   * then calls `subscribed`, so the caller can catch up on what it missed while away.
   */
  subscribe(channel: string, handlers: SubscriptionHandlers): void {
    const subscriber = this.redis.duplicate({ autoResubscribe: false });
    this.subscribers.push(subscriber);
    // The main connection logs outages; this one would only repeat them.
    subscriber.on('error', () => undefined);
    subscriber.on('close', handlers.lost);
    subscriber.on('message', (_channel: string, message: string) => handlers.message(message));
    subscriber.on('ready', () => {
      subscriber.subscribe(channel).then(handlers.subscribed, (error: unknown) => {
        this.logger.debug(`Redis subscription failed: ${describe(error)}`);
        subscriber.disconnect(true);
      });
    });
    subscriber.connect().catch(() => undefined);
  }

  /** Closes the connections after the commands in flight (graceful shutdown). */
  async onApplicationShutdown(): Promise<void> {
    for (const subscriber of this.subscribers.splice(0)) subscriber.disconnect();
    this.redis.removeAllListeners('error');
    this.redis.on('error', () => undefined);
    if (this.redis.status === 'ready') {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }
}

/** The error's code or message, never the URL (it may carry a password). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.message;
}
