import type { Db } from '../../core/db.ts'

/**
 * What other domains read of the events and their registrations (the campaign's rollups read them
 * by the thousand): each function is one query per few hundred keys, never one per row, and takes
 * the handle to read with first (inside a transaction, the transaction itself).
 */

export type EventInfo = {
  id: string
  kind: string
  topic: string
  placeCode: string
  /** The sector of an AI training of officials; null for other events and older trainings. */
  sector: string | null
}

const CHUNK = 400

/** The kind, topic, commune and sector of each event whose id is given (unknown ids are left out). */
export async function eventInfos(db: Db, ids: Iterable<string>): Promise<Map<string, EventInfo>> {
  const want = [...new Set(ids)]
  const out = new Map<string, EventInfo>()
  for (let i = 0; i < want.length; i += CHUNK) {
    const rows = await db
      .selectFrom('events')
      .select(['id', 'kind', 'topic', 'place_code', 'sector'])
      .where('id', 'in', want.slice(i, i + CHUNK))
      .execute()
    for (const e of rows)
      out.set(e.id, { id: e.id, kind: e.kind, topic: e.topic, placeCode: e.place_code, sector: e.sector })
  }
  return out
}

export type RegistrationInfo = { id: string; accountId: string | null; phone: string | null; lang: string }

/** A check-in as its fact names the registration: by code, by the walk-in the fact made, or by phone. */
export type CheckinAsk = { eventId: string; code?: string; factId: string; phone?: string }

type Row = {
  id: string
  event_id: string
  code: string
  phone: string | null
  account_id: string | null
  lang: string
  seq: number
}

/**
 * The registration each check-in points at, in the order asked (null when none): by its code at
 * that event, else the walk-in registration made by the check-in fact itself (same id), else the
 * first registration at that event with that phone. One query per few hundred check-ins: the
 * rows that may match any of them are read together and matched here.
 */
export async function checkinRegistrations(db: Db, asks: CheckinAsk[]): Promise<(RegistrationInfo | null)[]> {
  const out: (RegistrationInfo | null)[] = []
  for (let i = 0; i < asks.length; i += CHUNK) {
    const part = asks.slice(i, i + CHUNK)
    const events = [...new Set(part.map((a) => a.eventId))]
    const codes = [...new Set(part.flatMap((a) => (a.code ? [a.code] : [])))]
    const phones = [...new Set(part.flatMap((a) => (a.phone ? [a.phone] : [])))]
    const rows: Row[] = await db
      .selectFrom('event_registrations')
      .select(['id', 'event_id', 'code', 'phone', 'account_id', 'lang', 'seq'])
      .where((eb) => {
        const at = [
          ...(codes.length ? [eb('code', 'in', codes)] : []),
          ...(phones.length ? [eb('phone', 'in', phones)] : []),
        ]
        const byId = eb(
          'id',
          'in',
          part.map((a) => a.factId),
        )
        return at.length ? eb.or([byId, eb.and([eb('event_id', 'in', events), eb.or(at)])]) : byId
      })
      .execute()
    const byId = new Map<string, Row>()
    const byCode = new Map<string, Row>()
    const byPhone = new Map<string, Row>()
    for (const r of rows) {
      byId.set(r.id, r)
      byCode.set(`${r.event_id}|${r.code}`, r)
      if (r.phone) {
        const k = `${r.event_id}|${r.phone}`
        const seen = byPhone.get(k)
        if (!seen || Number(r.seq) < Number(seen.seq)) byPhone.set(k, r)
      }
    }
    for (const a of part) {
      const r =
        (a.code ? byCode.get(`${a.eventId}|${a.code}`) : undefined) ??
        byId.get(a.factId) ??
        (a.phone ? byPhone.get(`${a.eventId}|${a.phone}`) : undefined)
      out.push(r ? { id: r.id, accountId: r.account_id, phone: r.phone, lang: r.lang } : null)
    }
  }
  return out
}
