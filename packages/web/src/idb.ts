/**
 * The apps' IndexedDB: one database per app, promises around requests, and work done in one
 * transaction that resolves only once the transaction is committed, so "saved" means durable.
 */
export function promised<T>(request: IDBRequest<T>) {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function indexedDatabase(name: string, version: number, upgrade: (database: IDBDatabase) => void) {
  let opened: Promise<IDBDatabase> | undefined;
  const database = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, version);
      request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }));

  /** Runs `work` in one transaction over `stores`; IDB requests only inside, or it commits early. */
  async function transaction<T>(stores: string[], mode: IDBTransactionMode, work: (tx: IDBTransaction) => Promise<T> | T) {
    const tx = (await database()).transaction(stores, mode);
    const committed = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const result = await work(tx);
    await committed;
    return result;
  }

  return { transaction };
}
