import { describe, expect, it, vi } from 'vitest'
import type { MessageKey } from '../core/i18n.ts'
import { vi as viCatalogue } from '../i18n/vi.ts'

/**
 * Importing a module does nothing: each domain's module is imported alone, in a fresh module
 * registry, and nothing it could register (fact kinds, reactions, migrations, routes, commands)
 * is registered until its `register` is called.
 */
const MODULES = [
  'system',
  'people',
  'places',
  'facts',
  'learning',
  'studio',
  'certificates',
  'outreach',
  'market',
  'events',
  'offline',
  'sync',
  'campaign',
] as const

type Seen = {
  kinds: string[]
  hooks: number
  /** Reactions to rows of other domains' tables being rewritten, by table. */
  rows: Record<string, number>
  migrations: string[]
  routes: number
  commands: string[]
  middlewares: number
  personalData: string[]
  /** What the studio lends learning (its progress lines, its recordings). */
  bridge: { progress: boolean; voices: boolean }
  /** Whether the interface catalogues are installed. */
  catalogue: boolean
}

/** A key of the Vietnamese catalogue: present once the catalogues are installed. */
const A_KEY = Object.keys(viCatalogue)[0] as MessageKey

/** What an import could have registered, read from the lists of the current module registry. */
async function lists() {
  const facts = await import('./facts/facts.service.ts')
  const hooks = await import('../core/hooks.ts')
  const rows = await import('../core/row-changes.ts')
  const migrations = await import('../core/migrations.ts')
  const reg = await import('./registry.ts')
  const privacy = await import('./people/privacy.service.ts')
  const bridge = await import('./learning/studio.bridge.ts')
  const i18n = await import('../core/i18n.ts')
  return (): Seen => ({
    kinds: facts.factKinds().sort(),
    hooks: Object.values(hooks.registeredHooks()).reduce((a, b) => a + b, 0),
    rows: rows.registeredRowWatchers(),
    migrations: migrations.registeredMigrations(),
    routes: reg.registered().routes.length,
    commands: reg.registered().commands.map((c) => c.name),
    middlewares: reg.registered().middlewares.length,
    personalData: privacy.personalDataKeys(),
    bridge: bridge.studioBridged(),
    catalogue: i18n.rawMessage('vi', A_KEY) !== undefined,
  })
}

async function fresh(domain: string) {
  vi.resetModules()
  const mod = (await import(`./${domain}/${domain}.module.ts`)) as typeof import('./people/people.module.ts')
  // Imported after the module, from the same fresh registry: the very lists it would fill.
  const seen = await lists()
  const reg = await import('./registry.ts')
  return { register: () => mod.register(reg.registry), seen }
}

const NOTHING: Seen = {
  kinds: [],
  hooks: 0,
  rows: {},
  migrations: [],
  routes: 0,
  commands: [],
  middlewares: 0,
  personalData: [],
  bridge: { progress: false, voices: false },
  catalogue: false,
}

describe('domain modules register only when asked', () => {
  const expected: Record<(typeof MODULES)[number], Seen> = {
    system: { ...NOTHING, migrations: ['0001-system'] },
    people: { ...NOTHING, migrations: ['0003-people'], routes: 2, commands: ['people'] },
    places: { ...NOTHING, migrations: ['0002-places'], routes: 1 },
    facts: {
      ...NOTHING,
      migrations: ['0004-facts', '0202-facts-corrects', '0208-facts-number-last'],
      routes: 1,
      personalData: ['facts'],
    },
    learning: {
      ...NOTHING,
      kinds: ['course_completed', 'lesson_completed', 'lesson_opened', 'quiz_attempt'],
      migrations: ['0005-learning', '0013-lesson-ids'],
      routes: 1,
      personalData: ['learning'],
    },
    studio: {
      ...NOTHING,
      kinds: ['translation_draft_saved'],
      migrations: [
        '0012-studio',
        '0019-studio-voice',
        '0190-studio-voice-blobs',
        '0194-studio-interface-strings',
      ],
      routes: 2,
      commands: ['content', 'interface'],
      middlewares: 1,
      personalData: ['studio_recordings', 'voice_recordings'],
      bridge: { progress: true, voices: true },
    },
    certificates: {
      ...NOTHING,
      hooks: 3,
      migrations: ['0006-certificates', '0185-certificates-replicated'],
      routes: 1,
      commands: ['certificates'],
      personalData: ['certificates'],
    },
    outreach: {
      ...NOTHING,
      kinds: ['help_given', 'household_checked'],
      migrations: ['0007-outreach'],
      routes: 1,
      personalData: ['outreach'],
    },
    market: {
      ...NOTHING,
      kinds: ['trader_step'],
      hooks: 1,
      migrations: ['0009-market'],
      routes: 1,
      personalData: ['traders'],
    },
    events: {
      ...NOTHING,
      kinds: ['checkin', 'festival_headcount'],
      hooks: 1,
      migrations: [
        '0008-events',
        '0020-events-sector',
        '0196-events-headcount',
        '0196-events-headcount-corrections',
      ],
      routes: 1,
      personalData: ['event_registrations'],
    },
    offline: { ...NOTHING, routes: 1 },
    sync: {
      ...NOTHING,
      migrations: ['0011-sync', '0186-sync-conflicts'],
      routes: 2,
      personalData: ['conflicts'],
      commands: ['hub', 'bundle'],
    },
    campaign: {
      ...NOTHING,
      hooks: 1,
      rows: { events: 1 },
      migrations: [
        '0010-campaign',
        '0010-campaign-visit-assignee',
        '0020-campaign-plan',
        '0191-campaign-pending',
      ],
      routes: 1,
      commands: ['rollups', 'plan'],
    },
  }

  for (const domain of MODULES) {
    it(`${domain}: importing registers nothing; register declares its part, once however often called`, async () => {
      const m = await fresh(domain)
      expect(m.seen()).toEqual(NOTHING)
      m.register()
      expect(m.seen()).toEqual(expected[domain])
      m.register()
      expect(m.seen()).toEqual(expected[domain])
    })
  }

  it('importing the app, the command line or the list of domains registers nothing', async () => {
    vi.resetModules()
    await import('../app.tsx')
    await import('../main.ts')
    await import('./index.ts')
    const seen = await lists()
    expect(seen()).toEqual(NOTHING)
  })

  it('registerDomains registers every domain once, however often the app is built', async () => {
    vi.resetModules()
    const { registerDomains } = await import('./index.ts')
    const facts = await import('./facts/facts.service.ts')
    const hooks = await import('../core/hooks.ts')
    const first = registerDomains()
    const counts = {
      routes: first.routes.length,
      commands: first.commands.length,
      hooks: hooks.registeredHooks(),
    }
    registerDomains()
    expect({
      routes: first.routes.length,
      commands: first.commands.length,
      hooks: hooks.registeredHooks(),
    }).toEqual(counts)
    expect(counts.hooks).toEqual({
      'account.created': 1,
      'course.completed': 2,
      'event.attended': 1,
      'event.attendance_withdrawn': 1,
      'fact.stored': 1,
    })
    expect(first.commands.map((c) => c.name)).toEqual([
      'people',
      'content',
      'interface',
      'certificates',
      'hub',
      'bundle',
      'rollups',
      'plan',
    ])
    expect(facts.factKinds().length).toBe(10)
    const seen = await lists()
    expect(seen()).toMatchObject({ bridge: { progress: true, voices: true }, catalogue: true })
  })
})
