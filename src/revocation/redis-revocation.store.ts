import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { ErrorCode } from '../common/error-code';
import { REDIS_RETRY_AFTER_SECONDS, RedisClient } from '../redis/redis.client';
import { MAX_ACCESS_TOKEN_LIFETIME_SECONDS, MemoryRevocationStore } from './memory-revocation.store';
import { RevocableClaims, RevocationStore } from './revocation.store';

const USER_PREFIX = 'cognito-gateway:revoked:user:';
const SESSION_PREFIX = 'cognito-gateway:revoked:session:';
/** Every revocation is announced here, numbered by SEQUENCE_KEY, so that a replica can tell it missed one. */
const CHANNEL = 'cognito-gateway:revocations';
const SEQUENCE_KEY = 'cognito-gateway:revocations:sequence';
/** How often an instance compares its replica with Redis's sequence (one GET), to find lost messages. */
const CHECK_INTERVAL_MS = 1000;
/** How long a start waits for the first sync before it serves anyway (guarded routes then answer 503). */
const FIRST_SYNC_WAIT_MS = 3000;
const SCAN_COUNT = 1000;

/** Keeps the later cut-off (sign-outs seen by different instances may arrive out of order), then announces it. */
const RAISE_CUT_OFF = `
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
local sequence = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[3], sequence .. ' u ' .. ARGV[1] .. ' ' .. ARGV[4])
return 1
`;
/** A session's key holds when it expires (epoch seconds), so that a resync knows without asking its TTL. */
const ADD_SESSION = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
local sequence = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[3], sequence .. ' s ' .. ARGV[1] .. ' ' .. ARGV[4])
return 1
`;
const MESSAGE = /^(\d+) ([us]) (\d+) (.+)$/s;

export interface RedisRevocationStoreOptions {
  /** How long guarded requests may be answered from a replica that lost step with Redis (REVOCATION_MAX_STALENESS_MS). */
  maxStalenessMs: number;
  nowMs?: () => number;
  maxLifetimeSeconds?: number;
}

/**
 * The revocations every instance shares: Redis holds them (each key expires when the last token it covers
 * does, as in the memory store), and each instance holds a replica in memory, so that the guard answers
 * without I/O. A revocation is written, numbered and published in one script; every instance applies the
 * message. A replica is trusted while its subscription is up and it has seen every number: on each
 * (re)subscription, on a gap in the numbers, and when a periodic check finds Redis's number ahead of it,
 * it reloads every key (a resync) before it trusts itself again.
 *
 * While Redis is away: revocations already known are still enforced; recording a new one fails with
 * 503 UPSTREAM_UNAVAILABLE (a sign-out must not report what it could not record everywhere); and once the
 * replica has been out of step for longer than `maxStalenessMs`, guarded requests fail closed with 503,
 * since revocations made elsewhere meanwhile would go unseen.
 */
export class RedisRevocationStore extends RevocationStore implements OnApplicationShutdown {
  private readonly logger = new Logger('Revocations');
  private readonly replica: MemoryRevocationStore;
  private readonly nowMs: () => number;
  private readonly maxLifetimeSeconds: number;
  private readonly maxStalenessMs: number;
  /** The number of the last revocation applied in order; undefined before the first sync. */
  private appliedSequence?: number;
  /** The highest number heard while a resync runs (those are applied, and in order: one connection). */
  private heardDuringSync = 0;
  private subscribed = false;
  private trusted = false;
  /** When the replica was last known to be in step (undefined: never synced, nothing to serve from). */
  private inStepAtMs?: number;
  private syncing?: Promise<void>;
  private syncAgain = false;
  private sequenceAtLastCheck?: number;
  private timer?: NodeJS.Timeout;
  private firstSync?: () => void;

  constructor(
    private readonly redis: RedisClient,
    options: RedisRevocationStoreOptions,
  ) {
    super();
    this.nowMs = options.nowMs ?? Date.now;
    this.maxLifetimeSeconds = options.maxLifetimeSeconds ?? MAX_ACCESS_TOKEN_LIFETIME_SECONDS;
    this.maxStalenessMs = options.maxStalenessMs;
    this.replica = new MemoryRevocationStore(this.nowMs, this.maxLifetimeSeconds);
  }

  /** Subscribes and starts the periodic check; resolves after the first sync, or after a short wait for it. */
  async start(): Promise<void> {
    const synced = new Promise<void>((resolve) => (this.firstSync = resolve));
    this.redis.subscribe(CHANNEL, {
      subscribed: () => {
        this.subscribed = true;
        this.resync();
      },
      lost: () => {
        this.subscribed = false;
        this.distrust();
      },
      message: (message) => this.receive(message),
    });
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS).unref();
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      synced,
      new Promise((resolve) => (waited = setTimeout(resolve, FIRST_SYNC_WAIT_MS))),
    ]);
    clearTimeout(waited);
  }

  async revokeUser(sub: string, issuedAtOrBefore: number): Promise<void> {
    const ttl = issuedAtOrBefore + this.maxLifetimeSeconds - this.nowSeconds();
    if (ttl <= 0) return; // every token it would cover has expired already
    await this.redis.run((redis) =>
      redis.eval(RAISE_CUT_OFF, 2, USER_PREFIX + sub, SEQUENCE_KEY, issuedAtOrBefore, ttl, CHANNEL, sub),
    );
    this.replica.recordUser(sub, issuedAtOrBefore);
  }

  async revokeSession(originJti: string): Promise<void> {
    const expiresAt = this.nowSeconds() + this.maxLifetimeSeconds;
    await this.redis.run((redis) =>
      redis.eval(
        ADD_SESSION,
        2,
        SESSION_PREFIX + originJti,
        SEQUENCE_KEY,
        expiresAt,
        this.maxLifetimeSeconds,
        CHANNEL,
        originJti,
      ),
    );
    this.replica.recordSession(originJti, expiresAt);
  }

  /** From memory; throws 503 only when the replica has been out of step with Redis for too long. */
  isRevoked(claims: RevocableClaims): boolean {
    if (this.unavailableReason()) {
      throw new DomainError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        'Shared session state is unavailable; retry later',
        undefined,
        REDIS_RETRY_AFTER_SECONDS,
      );
    }
    return this.replica.isRevoked(claims);
  }

  override unavailableReason(): string | undefined {
    if (this.trusted) return undefined;
    if (this.inStepAtMs === undefined) return 'the revocation list has not been loaded from Redis yet';
    return this.nowMs() - this.inStepAtMs > this.maxStalenessMs
      ? 'the revocation list has been out of step with Redis for longer than REVOCATION_MAX_STALENESS_MS'
      : undefined;
  }

  override async assertWritable(): Promise<void> {
    await this.redis.run((redis) => redis.ping());
  }

  /** Entries in the replica. */
  get size(): number {
    return this.replica.size;
  }

  /** Whether the replica is in step with Redis now. */
  get inStep(): boolean {
    return this.trusted;
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private receive(message: string): void {
    const parsed = MESSAGE.exec(message);
    if (!parsed) return;
    const [, sequenceText, kind, value, id] = parsed;
    if (kind === 'u') this.replica.recordUser(id, Number(value));
    else this.replica.recordSession(id, Number(value));
    const sequence = Number(sequenceText);
    if (this.syncing || this.appliedSequence === undefined) {
      this.heardDuringSync = Math.max(this.heardDuringSync, sequence);
    } else if (sequence === this.appliedSequence + 1) {
      this.appliedSequence = sequence;
    } else if (sequence > this.appliedSequence + 1) {
      this.logger.warn(`missed revocation messages ${this.appliedSequence + 1}…${sequence - 1}: resyncing`);
      this.resync();
    }
  }

  /**
   * Compares the replica with Redis's sequence: a number the replica had not reached one check ago was
   * lost on the way (a message in flight gets a whole interval to arrive); a number below it means Redis
   * lost its data. Either way, resync. A replica that has all the numbers is confirmed in step.
   */
  private async check(): Promise<void> {
    if (!this.subscribed || this.syncing) return;
    // A resync that failed while the subscription stayed up (a command timed out) is retried here.
    if (!this.trusted || this.appliedSequence === undefined) return this.resync();
    const current = await this.redis
      .run((redis) => redis.get(SEQUENCE_KEY))
      .then((value) => Number(value ?? 0))
      .catch(() => undefined);
    if (current === undefined || this.syncing || this.appliedSequence === undefined) return;
    const previous = this.sequenceAtLastCheck;
    this.sequenceAtLastCheck = current;
    if (current < this.appliedSequence || (previous !== undefined && this.appliedSequence < previous)) {
      this.logger.warn(
        `revocation replica behind Redis (at ${this.appliedSequence} of ${current}): resyncing`,
      );
      this.resync();
    }
  }

  private distrust(): void {
    if (this.trusted) this.inStepAtMs = this.nowMs();
    this.trusted = false;
  }

  /** Reloads every revocation from Redis; a resync asked for while one runs runs again after it. */
  private resync(): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncAgain = false;
    this.distrust();
    this.heardDuringSync = 0;
    this.sequenceAtLastCheck = undefined;
    this.syncing = this.load()
      .then((sequence) => {
        this.appliedSequence = Math.max(sequence, this.heardDuringSync);
        if (this.subscribed && !this.syncAgain) {
          this.trusted = true;
          this.inStepAtMs = this.nowMs();
          this.firstSync?.();
        }
      })
      .catch((error: unknown) => {
        this.logger.debug(
          `revocation resync failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        this.syncing = undefined;
        if (this.syncAgain && this.subscribed) {
          this.syncAgain = false;
          this.resync();
        }
      });
  }

  /** Reads the sequence first: every revocation numbered up to it is then in the keys scanned after. */
  private async load(): Promise<number> {
    const sequence = Number((await this.redis.run((redis) => redis.get(SEQUENCE_KEY))) ?? 0);
    await this.scan(USER_PREFIX, (id, value) => this.replica.recordUser(id, Number(value)));
    // A session key written before sessions held their expiry holds '1': keep it a whole lifetime.
    const legacyExpiry = this.nowSeconds() + this.maxLifetimeSeconds;
    await this.scan(SESSION_PREFIX, (id, value) =>
      this.replica.recordSession(id, value === '1' ? legacyExpiry : Number(value)),
    );
    return sequence;
  }

  private async scan(prefix: string, record: (id: string, value: string) => void): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.run((redis) =>
        redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', SCAN_COUNT),
      );
      cursor = next;
      if (keys.length === 0) continue;
      const values = await this.redis.run((redis) => redis.mget(keys));
      keys.forEach((key, i) => {
        const value = values[i];
        if (value !== null && value !== undefined) record(key.slice(prefix.length), value);
      });
    } while (cursor !== '0');
  }

  private nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}
