import { JsonFile } from './json-file';

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
  private readonly persisted: JsonFile<FileEntry[]>;

  private constructor(file: string) {
    this.persisted = new JsonFile(file, () => [...this.byUser.values()]);
  }

  static async open(file: string): Promise<PasskeyStore> {
    const store = new PasskeyStore(file);
    for (const entry of (await JsonFile.read<FileEntry[]>(file)) ?? []) {
      store.byUser.set(key(entry.userPoolId, entry.sub), entry);
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
    this.persisted.changed();
  }

  setCounter(passkey: StoredPasskey, counter: number): void {
    passkey.counter = counter;
    this.persisted.changed();
  }

  remove(userPoolId: string, sub: string, credentialId: string): boolean {
    const entry = this.byUser.get(key(userPoolId, sub));
    const index = entry?.passkeys.findIndex((p) => p.credentialId === credentialId) ?? -1;
    if (!entry || index < 0) return false;
    entry.passkeys.splice(index, 1);
    if (!entry.passkeys.length) this.byUser.delete(key(userPoolId, sub));
    this.persisted.changed();
    return true;
  }

  removeAll(userPoolId: string, sub: string): void {
    if (this.byUser.delete(key(userPoolId, sub))) this.persisted.changed();
  }

  close(): Promise<void> {
    return this.persisted.close();
  }
}

const key = (userPoolId: string, sub: string): string => `${userPoolId}/${sub}`;
