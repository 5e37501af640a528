import { existsSync, statSync } from 'node:fs'
import { extname, join, resolve, sep } from 'node:path'
import { staysInside } from '../../core/confined.ts'
import type { Ctx } from '../../core/context.ts'
import { notFound } from '../../core/errors.ts'
import * as store from './catalogue.store.ts'

/** Types of the pictures and recordings a course may hold; anything else is not served. */
export const MEDIA_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.webm': 'audio/webm',
}

/** The file behind a media URL, confined to its course folder; 404 for anything else. */
export async function mediaFile(
  ctx: Ctx,
  slug: string,
  rel: string,
): Promise<{ path: string; type: string; size: number; mtime: Date }> {
  const course = await store.findCourse(ctx.db, slug)
  const type = MEDIA_TYPES[extname(rel).toLowerCase()]
  if (!course || !type || rel.split('/').some((s) => s === '..' || s.startsWith('.')))
    throw notFound(`media ${slug}/${rel}`)
  const dir = resolve(course.source, course.folder)
  const path = resolve(join(dir, rel))
  // A symbolic link in the folder must not serve a file from elsewhere on the machine.
  if (!path.startsWith(dir + sep) || !existsSync(path) || !staysInside(course.source, path))
    throw notFound(`media ${slug}/${rel}`)
  const st = statSync(path)
  if (!st.isFile()) throw notFound(`media ${slug}/${rel}`)
  return { path, type, size: st.size, mtime: st.mtime }
}
