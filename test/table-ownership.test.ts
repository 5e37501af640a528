import { describe, expect, it } from 'vitest'
import { foreignQueries, tablesByDomain } from './table-owners.ts'

/**
 * A domain's tables are queried only by its own files; other domains call its services or read
 * functions (README, "Domains"). The queries below still reach across and are to be moved behind
 * the owner's read functions; the list may only shrink: a new cross-domain query fails this test,
 * and so does an entry that no longer crosses (remove it). Count with:
 *   node bin/run-ts.js test/table-owners.ts
 */
const KNOWN: Record<string, string[]> = {
  // Rollups and the register read facts, events, courses, traders and places by the thousand;
  // the owners have no batch read functions yet.
  'src/domains/campaign/campaign.sources.ts': [
    'courses',
    'event_registrations',
    'events',
    'places',
    'sync_nodes',
    'traders',
  ],
  'src/domains/campaign/rollup.service.ts': ['facts'],
  // Demo seeds write straight to accounts and facts to build a province quickly.
  'src/domains/campaign/campaign.demo.ts': ['accounts', 'facts'],
  'src/domains/demo/demo.seed.ts': ['accounts', 'places'],
  'src/domains/events/events.demo.ts': ['accounts'],
  'src/domains/market/market.demo.ts': ['accounts'],
  // Joins for names and places shown beside a row.
  'src/domains/events/events.store.ts': ['places'],
  'src/domains/market/market.store.ts': ['places'],
  'src/domains/people/people.service.ts': ['places'],
  // A migration moved studio rows to the new lesson ids, in the same transaction as learning's.
  'src/domains/learning/lesson-ids.migration.ts': ['studio_translations'],
  // Replication reads and writes every replicated table (the documented exception, decision
  // 0110); these files name some of them directly for the scope and the digest.
  'src/domains/sync/sync.apply.ts': ['facts'],
  'src/domains/sync/sync.changes.ts': ['accounts', 'role_assignments'],
  'src/domains/sync/sync.digest.ts': ['facts', 'places', 'trader_steps', 'traders'],
  'src/domains/sync/paging.service.ts': ['facts'],
  'src/domains/sync/sync.replicated.ts': ['accounts', 'role_assignments'],
  // A restored hub renumbers its own records and pulls back what it lost (decision 0110).
  'src/domains/sync/sync.restore.ts': ['counters', 'facts'],
  'src/domains/sync/sync.scope.ts': ['places'],
  'src/domains/sync/sync.vector.ts': ['counters'],
}

describe('domains own their tables', () => {
  it('reads every domain its tables from its <domain>.tables.ts', () => {
    const t = tablesByDomain()
    expect(t.get('people')).toContain('accounts')
    expect(t.get('facts')).toContain('facts')
    expect(t.get('places')).toContain('places')
  })

  it('has no query on another domain’s table beyond the known ones, which only shrink', () => {
    const found: Record<string, string[]> = {}
    for (const q of foreignQueries()) found[q.file] = [...new Set([...(found[q.file] ?? []), q.table])].sort()
    expect(found).toEqual(KNOWN)
  })
})
