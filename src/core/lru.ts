/**
 * A bounded least-recently-used map, for per-process caches of things that never change under
 * their key (a lesson version's rendered text: a new version has a new id). A Map keeps insertion
 * order, so the first key is the least recently used one.
 *
 * Bounded by the number of entries, and with `weigh` also by their total weight (bytes, say): a
 * count alone lets a cache of large values grow with their size (decision 0201). An entry heavier
 * than the whole budget is not kept.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>()
  private total = 0
  hits = 0
  misses = 0

  constructor(
    readonly max: number,
    private readonly budget?: { maxWeight: number; weigh: (key: K, value: V) => number },
  ) {}

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
    this.remove(key)
    if (this.budget) {
      const w = this.budget.weigh(key, value)
      if (w > this.budget.maxWeight) return
      this.total += w
    }
    this.map.set(key, value)
    while (this.map.size > this.max || (this.budget && this.total > this.budget.maxWeight))
      this.remove(this.map.keys().next().value as K)
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

  /** The total weight of the entries kept (0 without `weigh`). */
  get weight(): number {
    return this.total
  }

  clear(): void {
    this.map.clear()
    this.total = 0
  }

  private remove(key: K): void {
    const v = this.map.get(key)
    if (v === undefined) return
    this.map.delete(key)
    if (this.budget) this.total -= this.budget.weigh(key, v)
  }
}
