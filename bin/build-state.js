// Whether dist/main.js is older than what it is built from. Kept apart from bin/build.js so that
// `hocso` checks it without loading the compiler.
import { readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '..')
export const DIST = join(ROOT, 'dist')
export const OUTFILE = join(DIST, 'main.js')
const INPUTS = ['src', 'bin/build.js', 'tsconfig.json', 'package.json']

/** Why dist/main.js must be built again (missing, or a file it is built from is newer), or null. */
export function staleBecause() {
  let built
  try {
    built = statSync(OUTFILE).mtimeMs
  } catch {
    return 'dist/main.js does not exist yet'
  }
  const newer = (path) => {
    const st = statSync(path, { throwIfNoEntry: false })
    if (!st) return null
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) {
        const found = newer(join(path, name))
        if (found) return found
      }
      return null
    }
    return st.mtimeMs > built ? path : null
  }
  for (const input of INPUTS) {
    const found = newer(join(ROOT, input))
    if (found) return `${relative(ROOT, found)} changed since the last build`
  }
  return null
}
