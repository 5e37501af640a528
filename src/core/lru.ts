/**
 * A bounded least-recently-used map, for per-process caches of things that never change under
 * their key (a lesson version's rendered text: a new version has a new id). A Map keeps insertion
 * order, so the first key is the least recently used one.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>()
  hits = 0
  misses = 0

  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key)
    if (v === undefined) {
      this.misses++
      return undefined
    }
    this.hits++
    this.map.delete(key)
    this.map.set(key, v)
    return v
  }

  set(key: K, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K)
  }

  /** The value under `key`, made by `make` when absent. */
  getOr(key: K, make: () => V): V {
    const v = this.get(key)
    if (v !== undefined) return v
    const made = make()
    this.set(key, made)
    return made
  }

  get size(): number {
    return this.map.size
  }

  clear(): void {
    this.map.clear()
  }
}
