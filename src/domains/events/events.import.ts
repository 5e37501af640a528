import type { Ctx } from '../../core/context.ts'
import { parseCsv } from '../../core/csv.ts'
import { AppError, type FieldIssue, validationError, zodIssue } from '../../core/errors.ts'
import type { MessageKey } from '../../core/i18n.ts'
import { inTransaction } from '../../core/transaction.ts'
import { nextCounter } from '../facts/facts.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { writeAudit } from '../system/audit.ts'
import { type ParticipantInput, participantSchema } from './events.schemas.ts'
import { addRegistrations, eventToManage, seatCounter } from './events.service.ts'
import * as store from './events.store.ts'

export const MAX_IMPORT_ROWS = 5000
const COLUMNS = ['name', 'phone', 'organisation', 'position'] as const
type Column = (typeof COLUMNS)[number]

/** Header names accepted for each column, in English and in Vietnamese (with or without accents). */
const ALIASES: Record<string, Column> = {
  name: 'name',
  'full name': 'name',
  'họ tên': 'name',
  'họ và tên': 'name',
  'ho ten': 'name',
  'ho va ten': 'name',
  phone: 'phone',
  'số điện thoại': 'phone',
  'điện thoại': 'phone',
  sđt: 'phone',
  sdt: 'phone',
  'so dien thoai': 'phone',
  organisation: 'organisation',
  organization: 'organisation',
  'đơn vị': 'organisation',
  'cơ quan': 'organisation',
  'don vi': 'organisation',
  'co quan': 'organisation',
  position: 'position',
  'chức vụ': 'position',
  'chuc vu': 'position',
}

/** A problem on one line; `key` and `params` say it in the reader's language. */
const issue = (
  line: number,
  field: string,
  message: string,
  key?: MessageKey,
  params?: FieldIssue['params'],
): FieldIssue => ({ field: `line ${line}: ${field}`, message, key, params })

/**
 * Reads a participants CSV (header line, then one person per line). Returns the people, or every
 * problem by line and field; duplicate phones are refused within the file and against the event.
 */
export function readParticipants(
  text: string,
  existingPhones: Set<string>,
): { people: (ParticipantInput & { line: number })[]; issues: FieldIssue[] } {
  const rows = parseCsv(text)
  if (!rows.length)
    return { people: [], issues: [{ field: 'file', message: 'is empty', key: 'events.err.empty' }] }
  const header = rows[0]!
  const columns: (Column | null)[] = header.cells.map(
    (c) => ALIASES[c.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ')] ?? null,
  )
  const unknown = header.cells.filter((c, i) => c.trim() && !columns[i])
  if (unknown.length || !columns.includes('name'))
    return {
      people: [],
      issues: [
        issue(
          header.line,
          'header',
          `the first line must name the columns ${COLUMNS.join(', ')} (name is required)` +
            (unknown.length ? `; unknown column ${unknown.map((u) => JSON.stringify(u)).join(', ')}` : ''),
          'events.err.header',
          { columns: COLUMNS.join(', ') },
        ),
      ],
    }
  const data = rows.slice(1)
  if (!data.length)
    return {
      people: [],
      issues: [{ field: 'file', message: 'has a header but no participants', key: 'events.err.no_rows' }],
    }
  if (data.length > MAX_IMPORT_ROWS)
    return {
      people: [],
      issues: [
        {
          field: 'file',
          message: `at most ${MAX_IMPORT_ROWS} participants per file`,
          key: 'events.err.too_many',
          params: { count: MAX_IMPORT_ROWS },
        },
      ],
    }
  const issues: FieldIssue[] = []
  const people: (ParticipantInput & { line: number })[] = []
  const seen = new Map<string, number>()
  for (const row of data) {
    if (row.cells.length > header.cells.length) {
      issues.push(
        issue(
          row.line,
          'row',
          `has ${row.cells.length} cells but the header has ${header.cells.length}`,
          'events.err.cells',
          {
            cells: row.cells.length,
            header: header.cells.length,
          },
        ),
      )
      continue
    }
    const raw: Record<string, string> = {}
    row.cells.forEach((cell, i) => {
      const col = columns[i]
      if (col && cell.trim()) raw[col] = cell
    })
    const parsed = participantSchema.safeParse(raw)
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const one = zodIssue(i, `line ${row.line}: ${String(i.path[0] ?? 'row')}`)
        // Only non-empty cells are read: a value of the wrong type is a missing one.
        issues.push(i.code === 'invalid_type' ? { ...one, message: 'required' } : one)
      }
      continue
    }
    const phone = parsed.data.phone
    if (phone) {
      const earlier = seen.get(phone)
      if (earlier) {
        issues.push(
          issue(row.line, 'phone', `${phone} is also on line ${earlier}`, 'events.err.phone_twice', {
            phone,
            line: String(earlier),
          }),
        )
        continue
      }
      if (existingPhones.has(phone)) {
        issues.push(
          issue(
            row.line,
            'phone',
            `${phone} is already registered for this event`,
            'events.err.phone_registered',
            {
              phone,
            },
          ),
        )
        continue
      }
      seen.set(phone, row.line)
    }
    people.push({ ...parsed.data, line: row.line })
  }
  return { people, issues }
}

/** The error that lists every bad line, so the organiser fixes the file once. */
export function importError(issues: FieldIssue[]): AppError {
  return new AppError('validation', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues })
}

/**
 * Imports participants from CSV: all or nothing, in one transaction. Seats go in file order; the
 * rest join the waiting list in that order.
 */
export async function importParticipants(
  ctx: Ctx,
  actor: CurrentUser | null,
  eventId: string,
  text: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ registered: number; waiting: number }> {
  const ev = await eventToManage(ctx, actor, eventId)
  if (!text.trim()) throw validationError('file', 'is empty')
  const result = await inTransaction(ctx, async (tx) => {
    // Checked again inside the transaction, after taking the event's counter, so that a registration
    // made meanwhile cannot slip a duplicate phone past the check.
    await nextCounter(tx.db, seatCounter(ev.id))
    const { people, issues } = readParticipants(text, await store.livePhones(tx.db, ev.id))
    if (issues.length) throw importError(issues)
    const rows = await addRegistrations(
      tx,
      ev,
      people.map(({ line: _line, ...p }) => ({ ...p, source: 'csv' as const })),
      actor!.id,
      { onProgress: (n) => onProgress?.(n, people.length) },
    )
    const registered = rows.filter((r) => r.status === 'registered').length
    await writeAudit(tx, {
      actorId: actor!.id,
      action: 'event.import',
      targetType: 'event',
      targetId: ev.id,
      detail: { rows: rows.length, registered },
    })
    return { registered, waiting: rows.length - registered }
  })
  return result
}
