import { type Migration, type MigrationProvider, Migrator } from 'kysely'
import { campaignMigration } from '../domains/campaign/campaign.migration.ts'
import { certificatesMigration } from '../domains/certificates/certificates.migration.ts'
import { eventsMigration } from '../domains/events/events.migration.ts'
import { factsMigration } from '../domains/facts/facts.migration.ts'
import { learningMigration } from '../domains/learning/learning.migration.ts'
import { lessonIdsMigration } from '../domains/learning/lesson-ids.migration.ts'
import { marketMigration } from '../domains/market/market.migration.ts'
import { outreachMigration } from '../domains/outreach/outreach.migration.ts'
import { peopleMigration } from '../domains/people/people.migration.ts'
import { placesMigration } from '../domains/places/places.migration.ts'
import { studioMigration } from '../domains/studio/studio.migration.ts'
import { syncMigration } from '../domains/sync/sync.migration.ts'
import { systemMigration } from '../domains/system/system.migration.ts'
import { mediaBlobsMigration } from './blobs.ts'
import type { Db } from './db.ts'
import { sealedSecretsMigration } from './secrets.ts'

/**
 * One ordered list of migrations serves SQLite and PostgreSQL: they use only Kysely's schema
 * builder and portable types (text, integer, real), so the same file runs on both.
 * Append new entries; never edit or reorder one that has shipped.
 * Reserved numbers: 0005 learning, 0006 certificates, 0007 outreach, 0008 events, 0009 market,
 * 0010 campaign, 0011 sync, 0012 studio, 0013 lesson ids.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-system': systemMigration,
  '0002-places': placesMigration,
  '0003-people': peopleMigration,
  '0004-facts': factsMigration,
  '0005-learning': learningMigration,
  '0006-certificates': certificatesMigration,
  '0007-outreach': outreachMigration,
  '0008-events': eventsMigration,
  '0009-market': marketMigration,
  '0010-campaign': campaignMigration,
  '0011-sync': syncMigration,
  '0012-studio': studioMigration,
  '0013-lesson-ids': lessonIdsMigration,
  '0165-sealed-secrets': sealedSecretsMigration,
  '0166-media-blobs': mediaBlobsMigration,
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }

/** Brings the database to the latest schema; returns the names of the migrations applied now. */
export async function migrateToLatest(db: Db, pgSchema?: string): Promise<string[]> {
  // Each domain owns a reserved number; a later-numbered domain may ship first, so order is not enforced.
  // On PostgreSQL the schema must be named: otherwise Kysely finds its lock table in *any* schema
  // (another database user's, or a parallel test run's) and then fails to use it in ours.
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    ...(pgSchema ? { migrationTableSchema: pgSchema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Names of the migrations this code knows that the database has not applied (empty: up to date). */
export async function pendingMigrations(db: Db, pgSchema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    ...(pgSchema ? { migrationTableSchema: pgSchema } : {}),
  })
  const all = await migrator.getMigrations()
  return all.filter((m) => !m.executedAt).map((m) => m.name)
}
