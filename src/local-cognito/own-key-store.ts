import type { Context } from 'cognito-local/lib/services/context';
import type { DataStore } from 'cognito-local/lib/services/dataStore/dataStore';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory';

/**
 * cognito-local files users and groups in plain objects keyed by name, so a user named "constructor"
 * was found where none exists (Object.prototype's member) and one named "__proto__" was written onto a
 * prototype. Such names are stored under a key with a leading NUL, which Cognito names cannot contain;
 * every other key is unchanged, so existing data folders read as before. cognito-local lists records by
 * their values, never their keys.
 */
export function ownKeyStores(factory: DataStoreFactory): DataStoreFactory {
  return {
    create: async (ctx, id, defaults) => new OwnKeyDataStore(await factory.create(ctx, id, defaults)),
  };
}

function storedKey(key: string): string {
  return key in Object.prototype ? `\u0000${key}` : key;
}

const storedPath = (key: string | string[]): string[] => (Array.isArray(key) ? key : [key]).map(storedKey);

class OwnKeyDataStore implements DataStore {
  constructor(private readonly inner: DataStore) {}

  delete(ctx: Context, key: string | string[]): Promise<void> {
    return this.inner.delete(ctx, storedPath(key));
  }

  get<T>(ctx: Context, key: string | string[], defaultValue?: T): Promise<T | null> {
    const path = storedPath(key);
    return defaultValue === undefined
      ? this.inner.get<T>(ctx, path)
      : this.inner.get<T>(ctx, path, defaultValue);
  }

  getRoot<T>(ctx: Context): Promise<T | null> {
    return this.inner.getRoot<T>(ctx);
  }

  set<T>(ctx: Context, key: string | string[], value: T): Promise<void> {
    return this.inner.set(ctx, storedPath(key), value);
  }
}
