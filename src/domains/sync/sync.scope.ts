import type { Db } from '../../core/db.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { codesWithin, communesByPlace } from '../places/places.reads.ts'

/**
 * Scopes. A hub serves one commune or one village. A record belongs to places (a village and its
 * commune, a role's scope, a person's home) and carries them as a comma-framed tag list
 * (",3166-001,3166,@node,"), so "is this in hub X's scope" is one LIKE on the scope code, and a
 * village hub and a commune hub both match a village record. `@node` tags the node a row first
 * came from: a person who signed up on a hub without giving a village still belongs to that hub.
 */
export type HubScope = {
  /** The hub's node id. */
  node: string
  /** The commune or village code it serves. */
  code: string
  /** Every place code inside the scope (the code itself, and a commune's villages). */
  places: Set<string>
}

/** Every place code inside a scope: the place itself and, for a commune or ward, its villages. */
export async function hubScope(db: Db, node: string, code: string): Promise<HubScope> {
  return { node, code, places: new Set(await codesWithin(db, code)) }
}

/** Looks up the commune of place codes, loading the (small) places table once per operation. */
export class PlaceIndex {
  private communes: Map<string, string | null> | null = null

  /**
   * The place and its commune (a village belongs to both a village hub and its commune's hub).
   * `db` is the handle to read with: inside a transaction, the transaction itself.
   */
  async expand(db: Db, code: string | null | undefined): Promise<string[]> {
    if (!code || code === PROVINCE_CODE) return []
    if (!this.communes) this.communes = await communesByPlace(db)
    const commune = this.communes.get(code)
    return commune && commune !== code ? [code, commune] : [code]
  }

  /** Notes a place that just arrived, without reading all places again. */
  note(code: string, commune: string | null): void {
    this.communes?.set(code, commune)
  }

  /** Forgets the cached places (after a rollback, or many places changed). */
  reset(): void {
    this.communes = null
  }
}

/** Builds the tag list from place codes and tags; always framed by commas. */
export function tagList(tags: Iterable<string>): string {
  const set = [...new Set([...tags].filter(Boolean))].sort()
  return set.length ? `,${set.join(',')},` : ','
}

/** Union of two tag lists: a row's scopes only grow, so a hub that held a row hears of its later versions. */
export function mergeTags(a: string, b: string): string {
  return tagList([...a.split(','), ...b.split(',')])
}

/** True when a tag list reaches the hub: by one of its places, or by the `@node` tag. */
export function tagsReach(tags: string, scope: HubScope): boolean {
  if (tags.includes(`,@${scope.node},`) || tags.includes(',*,')) return true
  return tags
    .split(',')
    .filter((t) => t && !t.startsWith('@'))
    .some((t) => scope.places.has(t))
}

/** True when a tag list names no place at all (only `@node` tags): a person without a village. */
export function unplaced(tags: string): boolean {
  return !tags.split(',').some((t) => t && !t.startsWith('@'))
}
