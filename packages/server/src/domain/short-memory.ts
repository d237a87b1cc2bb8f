/**
 * What a process read lately, kept for a short time so that an on-sale's thousands of requests do
 * not each read the same rows: everyone asking while a read runs shares it, a read that failed is not
 * kept, and past `maxKeys` everything is dropped (keys that are asked once must not pile up).
 */
export class ShortMemory<T> {
  private readonly kept = new Map<string, { until: number; value: Promise<T> }>();

  constructor(
    private readonly keepMs: number,
    private readonly maxKeys = 1000,
  ) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const hit = this.kept.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const entry = { until: Date.now() + this.keepMs, value: read() };
    if (this.kept.size >= this.maxKeys) this.kept.clear();
    this.kept.set(key, entry);
    entry.value.catch(() => this.kept.get(key) === entry && this.kept.delete(key));
    return entry.value;
  }

  /** After a change made in this process: the next ask reads again. */
  forget(key: string) {
    this.kept.delete(key);
  }
}

/** A ShortMemory per context: each server (and each test's server) remembers its own. */
export function memoryPerContext<T>(keepMs: number) {
  const memories = new WeakMap<object, ShortMemory<T>>();
  return (ctx: object) => {
    let memory = memories.get(ctx);
    if (!memory) memories.set(ctx, (memory = new ShortMemory<T>(keepMs)));
    return memory;
  };
}
