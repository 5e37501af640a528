import { lstatSync, realpathSync, statSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'

/** True when `path`, once every symbolic link is resolved, lies inside `root` (also resolved). */
export function staysInside(root: string, path: string): boolean {
  try {
    const r = realpathSync(resolve(root))
    const p = realpathSync(resolve(path))
    return p === r || p.startsWith(r + sep)
  } catch {
    return false
  }
}

/**
 * What a symbolic link at `path` is, for a folder of content under `root`: `null` when it is no
 * link; otherwise why it is refused (a link that leaves the folder, points at nothing, or names a
 * folder, which would be read twice or forever), or `'file'` for a link to a file inside the folder.
 */
export function linkProblem(root: string, path: string): null | 'file' | { why: string; target: string } {
  if (!lstatSync(path).isSymbolicLink()) return null
  let target: string
  try {
    target = realpathSync(path)
  } catch {
    return { why: 'points at nothing', target: '?' }
  }
  if (!staysInside(root, target)) return { why: 'leaves the content folder', target }
  if (statSync(target).isDirectory())
    return {
      why: 'names a folder (copy the folder instead)',
      target: relative(realpathSync(resolve(root)), target),
    }
  return 'file'
}
