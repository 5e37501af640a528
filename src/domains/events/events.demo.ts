import type { Ctx } from '../../core/context.ts'
import { toCsv } from '../../core/csv.ts'
import { accountIdByUsername } from '../people/people.reads.ts'
import { currentUserById } from '../people/people.service.ts'
import { importParticipants } from './events.import.ts'
import { eventSchema } from './events.schemas.ts'
import { createEvent } from './events.service.ts'

/**
 * The demo AI training for the officials of the demo commune, run by the demo trainer, a week from
 * now, with five demo participants imported from CSV: all through the same services as real input.
 */
export async function seedDemoEvents(ctx: Ctx, demo: { commune: string; trainer: string }): Promise<void> {
  const rowId = await accountIdByUsername(ctx.db, demo.trainer)
  if (!rowId) return
  const trainer = await currentUserById(ctx, rowId)
  const day = new Date(ctx.now().getTime() + 7 * 86_400_000).toISOString().slice(0, 10)
  const input = eventSchema.parse({
    title: 'Tập huấn AI cho cán bộ, công chức xã Mường Chà (demo)',
    kind: 'training',
    topic: 'ai_officials',
    audience: 'Cán bộ, công chức xã',
    place_code: demo.commune,
    venue: 'Hội trường UBND xã (demo)',
    starts_at: `${day}T08:00`,
    ends_at: `${day}T11:30`,
    capacity: 40,
    trainers: [trainer.displayName],
    course_slug: 'ai-for-officials',
    sector: 'public_administration',
    summary:
      'Dùng AI để soạn thảo, tóm tắt và dịch văn bản có trách nhiệm; những gì không bao giờ dán vào AI.',
  })
  const id = await createEvent(ctx, trainer, input)
  const people = [1, 2, 3, 4, 5].map((n) => [
    `Cán bộ mẫu ${n} (demo)`,
    '',
    'UBND xã Mường Chà (demo)',
    'Công chức',
  ])
  await importParticipants(ctx, trainer, id, toCsv(['name', 'phone', 'organisation', 'position'], people))
}
