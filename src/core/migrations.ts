import { type Migration, type MigrationProvider, Migrator } from 'kysely'
import { mediaBlobsMigration } from './blobs.ts'
import type { Db } from './db.ts'
import { mediaObjectsMigration } from './object-store.ts'
import { sealedSecretsMigration } from './secrets.ts'

/**
 * Each domain registers its migrations (its `register`, through the registry); core knows none of
 * them. One list serves SQLite and PostgreSQL: they use only Kysely's schema builder and portable
 * types (text, integer, real), so the same file runs on both. Kysely applies them in name order.
 * Append new entries; never edit or rename one that has shipped.
 * Reserved numbers: 0001 system, 0002 places, 0003 people, 0004 facts, 0005 learning,
 * 0006 certificates, 0007 outreach, 0008 events, 0009 market, 0010 campaign, 0011 sync,
 * 0012 studio, 0013 lesson ids; later ones take their decision's number (0191 campaign's queue).
 */
/** Core's own tables (decisions 0165, 0166, 0199): every process's keys and uploaded media. */
const CORE_MIGRATIONS: Record<string, Migration> = {
  '0165-sealed-secrets': sealedSecretsMigration,
  '0166-media-blobs': mediaBlobsMigration,
  '0199-media-objects': mediaObjectsMigration,
}
const MIGRATIONS: Record<string, Migration> = { ...CORE_MIGRATIONS }

/** Adds a domain's migration; registering the same one again does nothing, another under its name fails. */
export function registerMigration(name: string, migration: Migration): void {
  const known = MIGRATIONS[name]
  if (known && known !== migration)
    throw new Error(`migration ${name}: registered twice by different domains`)
  MIGRATIONS[name] = migration
}

/** The names of the migrations domains registered, in the order they apply (core's own apart). */
export function registeredMigrations(): string[] {
  return Object.keys(MIGRATIONS)
    .filter((name) => !(name in CORE_MIGRATIONS))
    .sort()
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }

/** Brings the database to the latest schema; returns the names of the migrations applied now. */
export async function migrateToLatest(db: Db, pgSchema?: string): Promise<string[]> {
  // Each domain owns a reserved number; a later-numbered domain may ship first, so order is not enforced.
  // On PostgreSQL the schema must be named: otherwise Kysely finds its lock table in *any* schema
  // (another database user's, or a parallel test run's) and then fails to use it in ours.
  if (!MIGRATIONS['0001-system'])
    throw new Error(
      'no migrations registered: call registerDomains() (src/domains/index.ts) before opening the database',
    )
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
