import { JsonFile } from './json-file';

/**
 * One sign-in session: what a refresh token and the access tokens minted from it (origin_jti) belong to.
 * A token is alive only while its session is here; sign-out, revocation and disabling remove sessions.
 */
export interface SignInSession {
  id: string; // origin_jti
  userPoolId: string;
  sub: string;
  username: string;
  clientId: string;
  authTime: number; // epoch seconds
  expiresAt: number; // refresh token expiry, epoch seconds
  /**
   * The session's usable refresh tokens by jti: null for a current one, else the epoch ms until which a
   * rotated-out one is still honoured (its grace period). Absent in files written before rotation: any
   * refresh token of the session is then usable.
   */
  refreshTokens?: Record<string, number | null>;
}

/** Whether the refresh token `jti` of `session` may still be used at `nowMs`. */
export function refreshTokenUsable(session: SignInSession, jti: string, nowMs: number): boolean {
  const tokens = session.refreshTokens;
  if (!tokens) return true;
  if (!Object.hasOwn(tokens, jti)) return false;
  const until = tokens[jti];
  return until === null || until > nowMs;
}

/** Kept past the refresh token's expiry for this long so the last access tokens stay checkable. */
const GRACE_SECONDS = 24 * 3600;

/**
 * The live sign-in sessions, held in memory and persisted (coalesced, atomic) to one JSON file so that
 * refresh tokens survive a restart. Kept apart from cognito-local's user records on purpose: its targets
 * read-modify-write whole users, which would race with concurrent sign-ins of the same user.
 */
export class SignInSessionStore {
  private readonly byUser = new Map<string, Map<string, SignInSession>>();
  private readonly persisted: JsonFile<SignInSession[]>;

  private constructor(
    file: string,
    private readonly nowSeconds: () => number,
  ) {
    this.persisted = new JsonFile(file, () => this.liveSessions());
  }

  static async open(file: string, nowSeconds: () => number): Promise<SignInSessionStore> {
    const store = new SignInSessionStore(file, nowSeconds);
    for (const s of (await JsonFile.read<SignInSession[]>(file)) ?? []) store.put(s);
    return store;
  }

  add(session: SignInSession): void {
    this.put(session);
    this.persisted.changed();
  }

  get(userPoolId: string, sub: string, id: string): SignInSession | undefined {
    const s = this.byUser.get(key(userPoolId, sub))?.get(id);
    return s && s.expiresAt + GRACE_SECONDS > this.nowSeconds() ? s : undefined;
  }

  /**
   * Refresh-token rotation within a session: `next` becomes a current refresh token, `previous` stays
   * usable until `previousUntilMs` (a retry within the grace period keeps the first deadline). Tokens
   * whose grace is over are forgotten: they are unusable either way.
   */
  rotateRefreshToken(
    session: SignInSession,
    rotation: { previous: string; next: string; previousUntilMs: number; nowMs: number },
  ): void {
    const tokens: Record<string, number | null> = {};
    for (const [jti, until] of Object.entries(session.refreshTokens ?? {})) {
      if (until === null || until > rotation.nowMs) tokens[jti] = until;
    }
    tokens[rotation.previous] = Math.min(tokens[rotation.previous] ?? Infinity, rotation.previousUntilMs);
    tokens[rotation.next] = null;
    session.refreshTokens = tokens;
    this.persisted.changed();
  }

  revoke(userPoolId: string, sub: string, id: string): boolean {
    const removed = this.byUser.get(key(userPoolId, sub))?.delete(id) ?? false;
    if (removed) this.persisted.changed();
    return removed;
  }

  revokeAll(userPoolId: string, sub: string): number {
    const sessions = this.byUser.get(key(userPoolId, sub));
    const count = sessions?.size ?? 0;
    this.byUser.delete(key(userPoolId, sub));
    if (count) this.persisted.changed();
    return count;
  }

  close(): Promise<void> {
    return this.persisted.close();
  }

  private put(session: SignInSession): void {
    const k = key(session.userPoolId, session.sub);
    let sessions = this.byUser.get(k);
    if (!sessions) this.byUser.set(k, (sessions = new Map<string, SignInSession>()));
    sessions.set(session.id, session);
  }

  /** What the file keeps: the sessions still in their grace period; the others are forgotten here too. */
  private liveSessions(): SignInSession[] {
    const now = this.nowSeconds();
    const live: SignInSession[] = [];
    for (const sessions of this.byUser.values()) {
      for (const [id, s] of sessions) {
        if (s.expiresAt + GRACE_SECONDS > now) live.push(s);
        else sessions.delete(id);
      }
    }
    return live;
  }
}

const key = (userPoolId: string, sub: string): string => `${userPoolId}/${sub}`;
