import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Ctx } from '../../core/context.ts'
import { uuidv7 } from '../../core/ids.ts'
import { addSecret, deleteSecret, listSecrets, putSecret, secretsVersion } from '../../core/secrets.ts'
import { inTransaction } from '../../core/transaction.ts'
import { newEd25519Multikey } from './ed25519-key.ts'

/**
 * The deployment's Ed25519 issuing keys live sealed in the database (`sealed_secrets`, named
 * `issuer-key:<id>`), so every process signs and verifies with the same keys; the sealing secret
 * never enters the database, so a dump or a backup shared for support still cannot sign
 * (decision 0165). Several keys may exist after rotations; exactly one issues new credentials
 * (the oldest key not retired), the others keep verifying and keep signing the status lists their
 * credentials point to. Before 0165 they were files `keys/issuer-<id>.json` of the data directory:
 * `importKeyFiles` copies those into the database at start.
 */
export const KeyFileSchema = z.object({
  id: z.string().uuid(),
  createdAt: z.string().datetime(),
  publicKeyMultibase: z.string().regex(/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/, 'must be an Ed25519 multibase key'),
  secretKeyMultibase: z.string().regex(/^z[1-9A-HJ-NP-Za-km-z]+$/, 'must be a multibase secret key'),
  retiredAt: z.string().datetime().nullable(),
})
export type KeyFile = z.infer<typeof KeyFileSchema>

const PREFIX = 'issuer-key:'

/** The folder where keys were kept as files before they moved into the database. */
export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys')
}

const FILE_RE = /^issuer-([0-9a-f-]{36})\.json$/

/** Thrown when a key file is damaged: hocso stops rather than silently becoming another issuer. */
export class KeyFileError extends Error {}

/** Every issuing key of the deployment, oldest first; throws on a damaged one. */
export async function readKeys(ctx: Ctx): Promise<KeyFile[]> {
  const keys = (await listSecrets(ctx.db, ctx.sealer, PREFIX)).map(({ name, value }) => {
    const r = KeyFileSchema.safeParse(JSON.parse(value))
    if (!r.success)
      throw new KeyFileError(`${name}: is not an issuing key; restore the database from a backup`)
    return r.data
  })
  return keys.sort((a, b) => (a.id < b.id ? -1 : 1))
}

function newKey(now: Date): KeyFile {
  return { id: uuidv7(now.getTime()), createdAt: now.toISOString(), ...newEd25519Multikey(), retiredAt: null }
}

/** The key that issues new credentials: the oldest one not retired. */
export function activeKeyOf(keys: KeyFile[]): KeyFile | undefined {
  return keys.find((k) => !k.retiredAt)
}

/**
 * The active key, created on first start. Two processes starting at once may both create one;
 * both then settle on the oldest (ids sort by time) and the loser's unused key is removed.
 */
export async function ensureKey(ctx: Ctx, now: Date): Promise<KeyFile> {
  const existing = activeKeyOf(await readKeys(ctx))
  if (existing) return existing
  const mine = newKey(now)
  await addSecret(ctx.db, ctx.sealer, `${PREFIX}${mine.id}`, JSON.stringify(mine), now.toISOString())
  const winner = activeKeyOf(await readKeys(ctx))!
  if (winner.id !== mine.id) await deleteSecret(ctx.db, `${PREFIX}${mine.id}`)
  return winner
}

/**
 * Rotation: a new key takes over issuing; the old ones are marked retired but kept, so every
 * credential they signed stays verifiable and its revocation list can still be updated.
 */
export async function rotateKey(ctx: Ctx, now: Date): Promise<{ active: KeyFile; retired: KeyFile[] }> {
  const at = now.toISOString()
  return inTransaction(ctx, async (tx) => {
    const before = await readKeys(tx)
    const active = newKey(now)
    await addSecret(tx.db, tx.sealer, `${PREFIX}${active.id}`, JSON.stringify(active), at)
    const retired: KeyFile[] = []
    for (const k of before.filter((k) => !k.retiredAt)) {
      const r = { ...k, retiredAt: at }
      await putSecret(tx.db, tx.sealer, `${PREFIX}${k.id}`, JSON.stringify(r), at)
      retired.push(r)
    }
    return { active, retired }
  })
}

/** Changes when a key is added or retired (by any process of the deployment). */
export function keysVersion(ctx: Ctx): Promise<string> {
  return secretsVersion(ctx.db, PREFIX)
}

/**
 * Start-up migration from the files of older versions: every `keys/issuer-<id>.json` whose public
 * key this database already lists (`certificate_keys`) is copied into the database, sealed, with its
 * retirement. Files of other databases sharing the folder are left alone; a key already in the
 * database is not touched (the database wins). The files stay where they were, so nothing is lost
 * and an older version still starts; they may be deleted once a backup of the database exists.
 * Returns the ids copied.
 */
export async function importKeyFiles(ctx: Ctx): Promise<string[]> {
  const dir = keysDir(ctx.config.dataDir)
  if (!existsSync(dir)) return []
  const names = readdirSync(dir)
    .filter((n) => FILE_RE.test(n))
    .sort()
  if (!names.length) return []
  const listed = new Map(
    (await ctx.db.selectFrom('certificate_keys').select(['id', 'public_key_multibase']).execute()).map(
      (k) => [k.id, k.public_key_multibase],
    ),
  )
  const copied: string[] = []
  for (const name of names) {
    const path = join(dir, name)
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'))
    } catch {
      throw new KeyFileError(`${path}: is not valid JSON; restore it from a backup`)
    }
    const r = KeyFileSchema.safeParse(parsed)
    if (!r.success) {
      const why = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      throw new KeyFileError(`${path}: is not an issuing key (${why}); restore it from a backup`)
    }
    if (listed.get(r.data.id) !== r.data.publicKeyMultibase) continue
    const at = r.data.retiredAt ?? r.data.createdAt
    if (await addSecret(ctx.db, ctx.sealer, `${PREFIX}${r.data.id}`, JSON.stringify(r.data), at))
      copied.push(r.data.id)
  }
  if (copied.length)
    ctx.log.info({ keys: copied, dir }, 'issuing keys copied from the data directory into the database')
  return copied
}
