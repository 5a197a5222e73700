import { promises as fs } from 'node:fs';

/** One registered passkey of a user (WebAuthn credential), as CompleteWebAuthnRegistration stored it. */
export interface StoredPasskey {
  /** base64url, as the browser reports it. */
  credentialId: string;
  /** base64url of the COSE public key. */
  publicKey: string;
  /** The authenticator's signature counter, last seen. */
  counter: number;
  transports: string[];
  friendlyName: string;
  relyingPartyId: string;
  authenticatorAttachment?: string;
  /** epoch ms */
  createdAt: number;
}

interface FileEntry {
  userPoolId: string;
  sub: string;
  passkeys: StoredPasskey[];
}

/**
 * The users' passkeys, held in memory and persisted (coalesced, atomic) to one JSON file so that they
 * survive a restart. Keyed by pool and the user's sub, never the username: a user deleted and created
 * again under the same name is another user, without the old passkeys.
 */
export class PasskeyStore {
  private readonly byUser = new Map<string, FileEntry>();
  private saveTimer?: NodeJS.Timeout;
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<PasskeyStore> {
    const store = new PasskeyStore(file);
    try {
      const list = JSON.parse(await fs.readFile(file, 'utf8')) as FileEntry[];
      for (const entry of list) store.byUser.set(key(entry.userPoolId, entry.sub), entry);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    return store;
  }

  list(userPoolId: string, sub: string): readonly StoredPasskey[] {
    return this.byUser.get(key(userPoolId, sub))?.passkeys ?? [];
  }

  find(userPoolId: string, sub: string, credentialId: string): StoredPasskey | undefined {
    return this.list(userPoolId, sub).find((p) => p.credentialId === credentialId);
  }

  /** Whether any user of the pool registered this credential. */
  registeredInPool(userPoolId: string, credentialId: string): boolean {
    for (const entry of this.byUser.values()) {
      if (entry.userPoolId === userPoolId && entry.passkeys.some((p) => p.credentialId === credentialId)) {
        return true;
      }
    }
    return false;
  }

  add(userPoolId: string, sub: string, passkey: StoredPasskey): void {
    const k = key(userPoolId, sub);
    let entry = this.byUser.get(k);
    if (!entry) this.byUser.set(k, (entry = { userPoolId, sub, passkeys: [] }));
    entry.passkeys.push(passkey);
    this.scheduleSave();
  }

  setCounter(passkey: StoredPasskey, counter: number): void {
    passkey.counter = counter;
    this.scheduleSave();
  }

  remove(userPoolId: string, sub: string, credentialId: string): boolean {
    const entry = this.byUser.get(key(userPoolId, sub));
    const index = entry?.passkeys.findIndex((p) => p.credentialId === credentialId) ?? -1;
    if (!entry || index < 0) return false;
    entry.passkeys.splice(index, 1);
    if (!entry.passkeys.length) this.byUser.delete(key(userPoolId, sub));
    this.scheduleSave();
    return true;
  }

  removeAll(userPoolId: string, sub: string): void {
    if (this.byUser.delete(key(userPoolId, sub))) this.scheduleSave();
  }

  async close(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.saving = this.saving.then(() => this.write()).catch(() => undefined);
    }
    await this.saving;
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      // a failed write is retried by the next change or by close()
      this.saving = this.saving.then(() => this.write()).catch(() => undefined);
    }, 50);
  }

  private async write(): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify([...this.byUser.values()]));
    await fs.rename(tmp, this.file);
  }
}

const key = (userPoolId: string, sub: string): string => `${userPoolId}/${sub}`;
