import { z } from 'zod'
import type { FactRow } from '../facts/facts.service.ts'
import type { Change } from './sync.changes.ts'
import { STREAMS, type Stream } from './sync.vector.ts'

/** One record as it travels: a fact row, or a version of an editable row, with its origin and seq. */
export type Entry =
  | { s: 'facts'; o: string; q: number; f: FactRow }
  | { s: 'changes'; o: string; q: number; c: Change }

/** "This page (or bundle) holds everything of origin `o` in (from, to] that is meant for you." */
export type Cover = { s: Stream; o: string; from: number; to: number }

/** A page of a sync, or the records of a bundle. */
export type Page = { entries: Entry[]; covers: Cover[]; more: boolean }

const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const node = z.string().min(1).max(64)
const text = z.string().max(200_000)

const factRow = z
  .object({
    id: z.string().uuid(),
    kind: z.string().min(1).max(40),
    origin_node: node,
    seq,
    actor_id: z.string().max(64).nullable(),
    subject_id: z.string().max(64).nullable(),
    place_code: z.string().max(20).nullable(),
    occurred_at: z.string().max(40),
    recorded_at: z.string().max(40),
    data: text,
    hash: z.string().max(128),
    corrects: z.string().max(64).nullable(),
  })
  .strict()

const change = z
  .object({
    tbl: z.string().max(40),
    key: z.string().min(1).max(64),
    hlc: z.string().regex(/^\d{16}-\d{5}$/, 'must be an HLC stamp'),
    node,
    op: z.enum(['put', 'delete']),
    row: z.record(z.string().max(64), z.union([z.string().max(20_000), z.number(), z.null()])).nullable(),
  })
  .strict()

export const entrySchema = z.discriminatedUnion('s', [
  z.object({ s: z.literal('facts'), o: node, q: seq, f: factRow }).strict(),
  z.object({ s: z.literal('changes'), o: node, q: seq, c: change }).strict(),
])

export const coverSchema = z
  .object({ s: z.enum(STREAMS), o: node, from: seq, to: seq })
  .strict()
  .refine((c) => c.to >= c.from, 'to: must not be below from')

/** Most records a page may hold (a node refuses a larger one whole). */
export const MAX_PAGE = 5000

export const pageSchema = z
  .object({
    entries: z.array(entrySchema).max(MAX_PAGE, `at most ${MAX_PAGE} records per page`),
    covers: z.array(coverSchema).max(1000),
    more: z.boolean(),
  })
  .strict()

/** The record id an entry carries (a fact's id, a row's key), for reports. */
export function entryId(e: Entry): string {
  return e.s === 'facts' ? e.f.id : `${e.c.tbl}/${e.c.key}`
}

/** Application order: editable rows first (references before the rows that use them), then facts. */
export function entryOrder(rank: (tbl: string) => number) {
  return (a: Entry, b: Entry): number => {
    if (a.s !== b.s) return a.s === 'changes' ? -1 : 1
    if (a.s === 'changes' && b.s === 'changes') {
      const r = rank(a.c.tbl) - rank(b.c.tbl)
      if (r) return r
    }
    if (a.o !== b.o) return a.o < b.o ? -1 : 1
    return a.q - b.q
  }
}

const UUID = z.regexes.uuid()
const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0
const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max
const isTextOrNull = (v: unknown, max: number) => v === null || isText(v, 0, max)
const isRecord = (v: unknown, keys: number): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === keys

/** A fact entry within every bound of `entrySchema` (its 4 and 12 keys present, so none other). */
function plainFact(e: unknown): boolean {
  if (!isRecord(e, 4) || e.s !== 'facts' || !isText(e.o, 1, 64) || !isSeq(e.q)) return false
  const f = e.f
  return (
    isRecord(f, 12) &&
    typeof f.id === 'string' &&
    UUID.test(f.id) &&
    isText(f.kind, 1, 40) &&
    isText(f.origin_node, 1, 64) &&
    isSeq(f.seq) &&
    isTextOrNull(f.actor_id, 64) &&
    isTextOrNull(f.subject_id, 64) &&
    isTextOrNull(f.place_code, 20) &&
    isText(f.occurred_at, 0, 40) &&
    isText(f.recorded_at, 0, 40) &&
    isText(f.data, 0, 200_000) &&
    isText(f.hash, 0, 128) &&
    isTextOrNull(f.corrects, 64)
  )
}

function plainCover(c: unknown): boolean {
  return (
    isRecord(c, 4) &&
    STREAMS.includes(c.s as Stream) &&
    isText(c.o, 1, 64) &&
    isSeq(c.from) &&
    isSeq(c.to) &&
    c.to >= c.from
  )
}

/**
 * A page as received, checked: `pageSchema`'s answer, reached faster. A page of thousands of facts
 * is checked by hand against the same bounds (about a tenth of the schema's time, which was a
 * twentieth of the province's time applying a page); a page holding anything else (an editable
 * row, an entry out of bounds, a key too many or missing) goes through `pageSchema`, which
 * accepts or refuses it, naming the field, exactly as before. The hand check never accepts what
 * the schema refuses (sync.entries.test.ts compares them).
 */
export function readPage(json: unknown): z.ZodSafeParseResult<Page> {
  if (
    isRecord(json, 3) &&
    typeof json.more === 'boolean' &&
    Array.isArray(json.entries) &&
    json.entries.length <= MAX_PAGE &&
    json.entries.every(plainFact) &&
    Array.isArray(json.covers) &&
    json.covers.length <= 1000 &&
    json.covers.every(plainCover)
  )
    return { success: true, data: json as Page }
  return pageSchema.safeParse(json)
}
