import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { uuidv7 } from '../../core/ids.ts'
import { credentialLibs } from './libs.ts'

/**
 * The node's Ed25519 issuing keys live as files in the data directory (`keys/issuer-<id>.json`,
 * mode 0600), never in the database nor in the repository: a database dump or a backup shared for
 * support then cannot sign a certificate. Several keys may exist after rotations; exactly one
 * issues new credentials (the oldest key not retired), the others keep verifying and keep signing
 * the status lists their credentials point to.
 */
export const KeyFileSchema = z.object({
  id: z.string().uuid(),
  createdAt: z.string().datetime(),
  publicKeyMultibase: z.string().regex(/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/, 'must be an Ed25519 multibase key'),
  secretKeyMultibase: z.string().regex(/^z[1-9A-HJ-NP-Za-km-z]+$/, 'must be a multibase secret key'),
  retiredAt: z.string().datetime().nullable(),
})
export type KeyFile = z.infer<typeof KeyFileSchema>

/** The folder of the key files inside a data directory. */
export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys')
}

const FILE_RE = /^issuer-([0-9a-f-]{36})\.json$/

/** Thrown when a key file is damaged: hocso stops rather than silently becoming another issuer. */
export class KeyFileError extends Error {}

/** Reads every key file of a data directory, oldest first; throws on a damaged file. */
export function readKeyFiles(dataDir: string): KeyFile[] {
  const dir = keysDir(dataDir)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const keys: KeyFile[] = []
  for (const name of names.filter((n) => FILE_RE.test(n)).sort()) {
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
    // A copy restored with loose permissions is tightened again: only the server may read it.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
    keys.push(r.data)
  }
  return keys.sort((a, b) => (a.id < b.id ? -1 : 1))
}

/** Writes a key file atomically (temporary file, then rename) with mode 0600. */
function writeKeyFile(dataDir: string, key: KeyFile): void {
  const dir = keysDir(dataDir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const final = join(dir, `issuer-${key.id}.json`)
  const tmp = join(dir, `.issuer-${key.id}.${process.pid}.tmp`)
  writeFileSync(tmp, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'w' })
  renameSync(tmp, final)
}

async function newKey(now: Date): Promise<KeyFile> {
  const { Ed25519Multikey } = await credentialLibs()
  const pair = await Ed25519Multikey.generate()
  return {
    id: uuidv7(now.getTime()),
    createdAt: now.toISOString(),
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: pair.secretKeyMultibase!,
    retiredAt: null,
  }
}

/** The key that issues new credentials: the oldest one not retired. */
export function activeKeyOf(keys: KeyFile[]): KeyFile | undefined {
  return keys.find((k) => !k.retiredAt)
}

/**
 * The active key, created on first start. Two processes starting at once may both create one;
 * both then settle on the oldest (ids sort by time) and the loser's unused file is removed.
 */
export async function ensureKeyFile(dataDir: string, now: Date): Promise<KeyFile> {
  const existing = activeKeyOf(readKeyFiles(dataDir))
  if (existing) return existing
  const mine = await newKey(now)
  writeKeyFile(dataDir, mine)
  const winner = activeKeyOf(readKeyFiles(dataDir))!
  if (winner.id !== mine.id) unlinkSync(join(keysDir(dataDir), `issuer-${mine.id}.json`))
  return winner
}

/**
 * Rotation: a new key takes over issuing; the old ones are marked retired but kept, so every
 * credential they signed stays verifiable and its revocation list can still be updated.
 */
export async function rotateKeyFile(
  dataDir: string,
  now: Date,
): Promise<{ active: KeyFile; retired: KeyFile[] }> {
  const before = readKeyFiles(dataDir)
  const active = await newKey(now)
  writeKeyFile(dataDir, active)
  const retired: KeyFile[] = []
  for (const k of before.filter((k) => !k.retiredAt)) {
    const r = { ...k, retiredAt: now.toISOString() }
    writeKeyFile(dataDir, r)
    retired.push(r)
  }
  return { active, retired }
}

/** Modification time of the key folder: changes when a key is added or retired (by another process too). */
export function keysVersion(dataDir: string): number {
  try {
    return statSync(keysDir(dataDir)).mtimeMs
  } catch {
    return 0
  }
}
