import type { Kysely, Migration } from 'kysely'

/**
 * The corrections of a fact are found by an index: a fact corrected on two nodes apart has two,
 * and which one counts is settled from them (decision 0204).
 */
export const factsCorrectsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('facts_corrects').on('facts').column('corrects').execute()
  },
}
