import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely, Migration } from 'kysely'
import type { Db } from './db.ts'

/**
 * Private keys (the node's signing key, the certificate issuing keys) live in the database, so that
 * every process of a deployment signs and verifies with the same keys, but sealed: AES-256-GCM under
 * a secret that is never in the database (`HOCSO_KEY_SECRET`, or the file `keys/secret.key` of the
 * data directory, made on first start). A database dump or backup alone still cannot sign
 * (decision 0165).
 */
export type SealedSecretsTables = {
  sealed_secrets: { name: string; value: string; updated_at: string }
}

// Core's tables join the one database type (core/schema.ts), as each domain's do.
declare module './schema.ts' {
  interface Database extends SealedSecretsTables {}
}

export const sealedSecretsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sealed_secrets')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute()
  },
}

/** Seals and opens secrets with this deployment's key-encryption key. */
export type Sealer = {
  seal: (plain: string) => string
  open: (sealed: string, name: string) => string
  /** Short public fingerprint of the key (never the key), to tell processes that disagree. */
  fingerprint: string
}

/** Thrown when the secret is missing, damaged or not the one the database was sealed with. */
export class SecretError extends Error {}

/** The file holding the key-encryption secret when HOCSO_KEY_SECRET is not set. */
export const secretFile = (dataDir: string) => join(dataDir, 'keys', 'secret.key')

/**
 * The key-encryption secret: HOCSO_KEY_SECRET (same value on every machine of a deployment), else
 * `keys/secret.key` in the data directory, created (mode 0600) on first start. Processes of one
 * machine share the data directory, so `--workers N` needs nothing more.
 */
export function loadSecret(dataDir: string, fromEnv: string | undefined): Buffer {
  if (fromEnv !== undefined) {
    if (fromEnv.length < 32)
      throw new SecretError(
        'HOCSO_KEY_SECRET: must be at least 32 characters (e.g. `openssl rand -base64 32`)',
      )
    return createHash('sha256').update(fromEnv).digest()
  }
  const file = secretFile(dataDir)
  if (!existsSync(file)) {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 })
    // Two processes starting at once: the first rename wins, the other reads the winner's.
    if (!existsSync(file)) renameSync(tmp, file)
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600)
  const text = readFileSync(file, 'utf8').trim()
  if (text.length < 32) throw new SecretError(`${file}: is damaged (too short); restore it from a backup`)
  return createHash('sha256').update(text).digest()
}

/** A sealer over a 32-byte key. Sealed text: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function sealerOf(key: Buffer): Sealer {
  return {
    fingerprint: createHmac('sha256', key).update('hocso sealed secrets').digest('base64url').slice(0, 16),
    seal(plain) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return ['v1', iv, c.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.')
    },
    open(sealed, name) {
      const [v, iv, tag, body] = sealed.split('.')
      try {
        if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('format')
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        d.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8')
      } catch {
        throw new SecretError(
          `${name}: cannot be opened with this key secret (HOCSO_KEY_SECRET or keys/secret.key)`,
        )
      }
    },
  }
}

/**
 * Checks that this process's secret is the one the database's secrets were sealed with (its
 * fingerprint is kept in `meta`), recording it on first use. A second machine started without the
 * first one's secret stops here with an explanation instead of failing at the first signature.
 */
export async function checkSealer(db: Db, sealer: Sealer): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key: 'secrets_fingerprint', value: sealer.fingerprint })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'secrets_fingerprint')
    .executeTakeFirstOrThrow()
  if (row.value !== sealer.fingerprint)
    throw new SecretError(
      `the database's private keys were sealed with another key secret (fingerprint ${row.value}, this process has ${sealer.fingerprint}): ` +
        'give every process the same HOCSO_KEY_SECRET, or copy keys/secret.key from the data directory of the first server',
    )
}

/** Reads one secret, opened; undefined when there is none. */
export async function getSecret(db: Db, sealer: Sealer, name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('sealed_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst()
  return row ? sealer.open(row.value, name) : undefined
}

/** Every secret whose name starts with `prefix`, opened, by name. */
export async function listSecrets(
  db: Db,
  sealer: Sealer,
  prefix: string,
): Promise<{ name: string; value: string }[]> {
  const rows = await db
    .selectFrom('sealed_secrets')
    .select(['name', 'value'])
    .where('name', 'like', `${prefix}%`)
    .orderBy('name')
    .execute()
  return rows.map((r) => ({ name: r.name, value: sealer.open(r.value, r.name) }))
}

/** Adds a secret unless one of that name exists; returns true when this call added it. */
export async function addSecret(
  db: Db,
  sealer: Sealer,
  name: string,
  value: string,
  at: string,
): Promise<boolean> {
  const r = await db
    .insertInto('sealed_secrets')
    .values({ name, value: sealer.seal(value), updated_at: at })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0
}

/** Replaces a secret's value. */
export async function putSecret(
  db: Db,
  sealer: Sealer,
  name: string,
  value: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('sealed_secrets')
    .values({ name, value: sealer.seal(value), updated_at: at })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sealer.seal(value), updated_at: at }))
    .execute()
}

/** Removes a secret. */
export async function deleteSecret(db: Db, name: string): Promise<void> {
  await db.deleteFrom('sealed_secrets').where('name', '=', name).execute()
}

/** Changes whenever a secret with this prefix is added, changed or removed (by any process). */
export async function secretsVersion(db: Db, prefix: string): Promise<string> {
  const r = await db
    .selectFrom('sealed_secrets')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
    .where('name', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow()
  return `${Number(r.n)}|${r.at ?? ''}`
}
