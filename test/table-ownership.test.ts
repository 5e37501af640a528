import { describe, expect, it } from 'vitest'
import { foreignQueries, tablesByDomain } from './table-owners.ts'

/**
 * A domain's tables are queried only by its own files; other domains call its services or read
 * functions (README, "Domains"), `<domain>.reads.ts` for what others read in batches. The queries
 * below are the exceptions, each with its reason; the list may only shrink: a new cross-domain
 * query fails this test, and so does an entry that no longer crosses (remove it). Count with:
 *   node bin/run-ts.js test/table-owners.ts
 */
const KNOWN: Record<string, string[]> = {
  // A shipped migration, never edited (core/migrations.ts): 0013 re-keyed lesson versions in every
  // table that held their id, the studio's approved translations too, in one transaction; a studio
  // migration of its own would have had to read learning's lesson_aliases instead.
  'src/domains/learning/lesson-ids.migration.ts': ['studio_translations'],
  // Replication reads and writes the replicated tables and the facts as stored, whole rows by
  // name (the documented exception, decision 0110): the pages a node sends, what it applies, the
  // digest two nodes compare, the version vector and what a restored hub renumbers and pulls back.
  'src/domains/sync/paging.service.ts': ['facts'],
  'src/domains/sync/sync.apply.ts': ['facts'],
  'src/domains/sync/sync.digest.ts': ['facts', 'places', 'trader_steps', 'traders'],
  'src/domains/sync/sync.restore.ts': ['facts'],
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
