import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { z } from 'zod'
import { staysInside } from '../../core/confined.ts'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { networkCause, signedCall, signRequest } from './sync.auth.ts'
import { nodeKey } from './sync.keys.ts'

/**
 * Content and media travel as files: the course folders under HOCSO_CONTENT_DIR (Markdown, YAML,
 * pictures, recordings). A hub mirrors the files its upstream has (never deleting its own), and
 * the learning domain imports changed folders as it does at every start.
 */
export type ContentFile = { path: string; sha256: string; bytes: number }

const cache = new Map<string, { mtimeMs: number; size: number; sha256: string }>()

/** True for a relative path inside the content folder: no `..`, no absolute path, no hidden file. */
export function safeContentPath(p: string): boolean {
  if (!/^[A-Za-z0-9._\-/]{1,300}$/.test(p) || p.startsWith('/')) return false
  return posix
    .normalize(p)
    .split('/')
    .every((seg) => seg !== '..' && seg !== '.' && seg !== '' && !seg.startsWith('.'))
}

function walk(root: string, prefix = ''): string[] {
  const dir = join(root, prefix)
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name
      if (e.isDirectory()) return walk(root, rel)
      return e.isFile() && safeContentPath(rel) ? [rel] : []
    })
}

/** Every file of the content folder with its SHA-256 (cached by size and modification time). */
export function contentManifest(root: string): ContentFile[] {
  return walk(root)
    .sort()
    .map((rel) => {
      const file = join(root, rel)
      const st = statSync(file)
      const hit = cache.get(file)
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size)
        return { path: rel, sha256: hit.sha256, bytes: st.size }
      const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex')
      cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, sha256 })
      return { path: rel, sha256, bytes: st.size }
    })
}

/** Reads one content file for a peer; 404 for anything outside the folder. */
export function readContentFile(root: string, rel: string): Buffer {
  if (!safeContentPath(rel) || !existsSync(join(root, rel)) || !staysInside(root, join(root, rel)))
    throw new AppError('not_found', `path: ${rel} is not a content file`)
  return readFileSync(join(root, rel))
}

/** Writes one content file received from a peer, checked against its hash, atomically. */
export function writeContentFile(root: string, rel: string, data: Buffer, sha256: string): void {
  if (!safeContentPath(rel)) throw new AppError('validation', `path: ${rel} is not a safe content path`)
  if (createHash('sha256').update(data).digest('hex') !== sha256)
    throw new AppError('validation', `path: ${rel} does not match its checksum`)
  const file = join(root, rel)
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.part`
  writeFileSync(tmp, data)
  renameSync(tmp, file)
}

/** The files of `theirs` that differ from or are missing in `mine`. */
export function missingFiles(mine: ContentFile[], theirs: ContentFile[]): ContentFile[] {
  const have = new Map(mine.map((f) => [f.path, f.sha256]))
  return theirs.filter((f) => have.get(f.path) !== f.sha256)
}

const manifestSchema = z.object({
  files: z.array(
    z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number() }),
  ),
})

/** Re-imports the course folders after files changed (the same import every start does). */
export async function reimportContent(ctx: Ctx): Promise<void> {
  try {
    const { importContent } = await import('../learning/content.import.ts')
    await importContent(ctx, ctx.config.contentDir)
  } catch (err) {
    ctx.log.warn({ err }, 'content received but not imported')
  }
}

/** Fetches the upstream's content manifest and every file that differs here; returns how many. */
export async function pullContent(
  ctx: Ctx,
  base: string,
  upstreamKey: string,
  progress?: (n: number) => void,
): Promise<number> {
  const m = manifestSchema.parse((await signedCall(ctx, base, '/api/sync/content', {}, upstreamKey)).json)
  const root = ctx.config.contentDir
  const todo = missingFiles(contentManifest(root), m.files).filter((f) => safeContentPath(f.path))
  let n = 0
  for (const f of todo) {
    const path = `/api/sync/content/file?path=${encodeURIComponent(f.path)}`
    const headers = signRequest(nodeKey(ctx), ctx.now(), 'GET', path, '')
    let data: Buffer
    try {
      const res = await fetch(`${base.replace(/\/$/, '')}${path}`, {
        headers,
        signal: AbortSignal.timeout(300_000),
      })
      if (!res.ok)
        throw new AppError('internal', `upstream ${base}: content file ${f.path}: status ${res.status}`)
      data = Buffer.from(await res.arrayBuffer())
    } catch (err) {
      if (err instanceof AppError) throw err
      throw new AppError('internal', `upstream ${base}: content file ${f.path}: ${networkCause(err)}`)
    }
    writeContentFile(root, f.path, data, f.sha256)
    progress?.(++n)
  }
  if (n) await reimportContent(ctx)
  return n
}
