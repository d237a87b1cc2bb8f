import { indexedDatabase, promised } from '@ticketguard/web/idb.ts';

/**
 * The wallet's stores. CryptoKey objects are structured-cloneable, so the non-extractable device key
 * lives here as it is; nothing else on the phone can read its private part.
 */
export type StoreName = 'keys' | 'meta' | 'tickets' | 'events';
const stores: StoreName[] = ['keys', 'meta', 'tickets', 'events'];

const database = indexedDatabase('tg-wallet', 1, (db) => {
  for (const name of stores) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
});

const request = <T>(name: StoreName, mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest) =>
  database.transaction([name], mode, (tx) => promised(make(tx.objectStore(name)))) as Promise<T>;

export const idb = {
  get: <T>(name: StoreName, key: string) => request<T | undefined>(name, 'readonly', (store) => store.get(key)),
  put: async (name: StoreName, key: string, value: unknown) => void (await request(name, 'readwrite', (store) => store.put(value, key))),
  delete: async (name: StoreName, key: string) => void (await request(name, 'readwrite', (store) => store.delete(key))),
  all: <T>(name: StoreName) => request<T[]>(name, 'readonly', (store) => store.getAll()),
  clear: async (name: StoreName) => void (await request(name, 'readwrite', (store) => store.clear())),
};
