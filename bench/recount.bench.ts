/**
 * What changing an event's topic costs once people checked in (decision 0210): the rollups then
 * read every check-in and headcount fact naming the event and move what they counted. Measured
 * beside an edit of the title only, in the same run, for festivals with 0, 500 and 2,000 people
 * checked in (a commune's festival day is a few hundred), in a database that also holds the
 * check-ins of the festivals before; CPU time of this process (SQLite in process), median of the
 * rounds, with the load average.
 *
 *   npm run bench:recount -- [--rounds 9]
 */
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { eventSchema } from '../src/domains/events/events.schemas.ts'
import { createEvent, updateEvent } from '../src/domains/events/events.service.ts'
import { checkInMany, cpuOf, localIn, median, withAdmin } from './nodes.ts'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '9' } } })
const ROUNDS = Number(values.rounds)
const SIZES = [0, 500, 2000]

const { dir, ctx, admin } = await withAdmin('recount')
const local = localIn
const cpu = cpuOf

const festival = (size: number, topic: string, title = `Ngày hội bench ${size}`) =>
  eventSchema.parse({
    title,
    kind: 'festival',
    topic,
    audience: 'Mọi người dân',
    place_code: '3166',
    starts_at: local(-2 * 3_600_000),
    ends_at: local(2 * 3_600_000),
    capacity: 10_000,
    trainers: ['Ban tổ chức'],
  })

const rows: string[] = []
let checkins = 0
for (const size of SIZES) {
  const ev = await createEvent(ctx, admin, festival(size, 'digital_skills'))
  await checkInMany(ctx, admin, ev, size)
  checkins += size
  const title: number[] = []
  const topic: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    title.push(
      await cpu(() => updateEvent(ctx, admin, ev, festival(size, 'digital_skills', `Ngày hội ${r}`))),
    )
    topic.push(await cpu(() => updateEvent(ctx, admin, ev, festival(size, 'ai_everyone'))))
    await updateEvent(ctx, admin, ev, festival(size, 'digital_skills'))
  }
  const t = median(title)
  const m = median(topic)
  rows.push(`| ${size} | ${checkins} | ${t.toFixed(1)} | ${m.toFixed(1)} | ${(m / t).toFixed(1)} |`)
}
await ctx.handle.close()
rmSync(dir, { recursive: true, force: true })
console.log(
  `\nload average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${ROUNDS} rounds, CPU ms, median`,
)
console.log('| checked in | check-ins stored | edit the title | change the topic | ratio |')
console.log('| --- | --- | --- | --- | --- |')
for (const r of rows) console.log(r)
