/**
 * The wallet's own small IndexedDB wrapper: one database, a few object stores, promises around
 * requests. CryptoKey objects are structured-cloneable, so the non-extractable device key lives here
 * as it is; nothing else on the phone can read its private part.
 */
const dbName = 'tg-wallet';
export type StoreName = 'keys' | 'meta' | 'tickets' | 'events';
const stores: StoreName[] = ['keys', 'meta', 'tickets', 'events'];

let opening: Promise<IDBDatabase> | undefined;

function open() {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName, 1);
    request.onupgradeneeded = () => {
      for (const name of stores) if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

function done<T>(request: IDBRequest<T>) {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(name: StoreName, mode: IDBTransactionMode) {
  return (await open()).transaction(name, mode).objectStore(name);
}

export const idb = {
  get: async <T>(name: StoreName, key: string) => (await done((await store(name, 'readonly')).get(key))) as T | undefined,
  put: async (name: StoreName, key: string, value: unknown) => void (await done((await store(name, 'readwrite')).put(value, key))),
  delete: async (name: StoreName, key: string) => void (await done((await store(name, 'readwrite')).delete(key))),
  all: async <T>(name: StoreName) => (await done((await store(name, 'readonly')).getAll())) as T[],
  clear: async (name: StoreName) => void (await done((await store(name, 'readwrite')).clear())),
};
