/**
 * What withdrawing a festival's headcount costs when that count held the festival's "held" marker
 * (decision 0196): its rollups then look for the next fact that marks the festival held among all
 * the check-ins and headcounts of the festival's commune (decision 0100, amended). Measured beside
 * entering a count, in the same run, for festivals with 0, 500 and 2,000 people checked in (a
 * commune's festival day is a few hundred); CPU time of this process (SQLite in process), median
 * of the rounds, with the load average.
 *
 *   npm run bench:headcount -- [--rounds 15]
 */
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { uuidv7 } from '../src/core/ids.ts'
import { eventSchema } from '../src/domains/events/events.schemas.ts'
import { createEvent } from '../src/domains/events/events.service.ts'
import { recordFact } from '../src/domains/facts/facts.service.ts'
import { checkInMany, cpuOf, localIn, median, withAdmin } from './nodes.ts'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } })
const ROUNDS = Number(values.rounds)
const SIZES = [0, 500, 2000]
const COMMUNE = '3166'

const { dir, ctx, admin } = await withAdmin('headcount')
const local = localIn
const cpu = cpuOf

const rows: string[] = []
for (const size of SIZES) {
  const ev = await createEvent(
    ctx,
    admin,
    eventSchema.parse({
      title: `Ngày hội bench ${size}`,
      kind: 'festival',
      topic: 'digital_skills',
      audience: 'Mọi người dân',
      place_code: COMMUNE,
      starts_at: local(-2 * 3_600_000),
      ends_at: local(2 * 3_600_000),
      capacity: 10_000,
      trainers: ['Ban tổ chức'],
    }),
  )
  await checkInMany(ctx, admin, ev, size)
  // Each round: a count dated before every check-in (so it holds the "held" marker), then its withdrawal.
  const early = new Date(Date.now() - 90 * 60_000).toISOString()
  const enter: number[] = []
  const withdraw: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const id = uuidv7()
    enter.push(
      await cpu(() =>
        recordFact(
          ctx,
          admin,
          'festival_headcount',
          { event_id: ev, visitors: 150 },
          { id, occurredAt: early },
        ),
      ),
    )
    withdraw.push(
      await cpu(() =>
        recordFact(ctx, admin, 'festival_headcount', { event_id: ev, visitors: 0 }, { corrects: id }),
      ),
    )
  }
  const e = median(enter)
  const w = median(withdraw)
  rows.push(`| ${size} | ${e.toFixed(1)} | ${w.toFixed(1)} | ${(w / e).toFixed(1)} |`)
}
await ctx.handle.close()
rmSync(dir, { recursive: true, force: true })
console.log(
  `\nload average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${ROUNDS} rounds, CPU ms, median`,
)
console.log('| checked in | enter a count | withdraw it | ratio |')
console.log('| --- | --- | --- | --- |')
for (const r of rows) console.log(r)
