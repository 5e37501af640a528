import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'

/**
 * Personal data on disk (the database and its WAL and SHM, backups, bundles, studio recordings,
 * keys) is readable by hocso's own user only: files 0600 in folders 0700, whatever the umask of
 * the shell or service that started it (a mode given at creation is narrowed by the umask, and an
 * existing file keeps its mode, so the mode is also set explicitly).
 */
export const PRIVATE_FILE = 0o600
export const PRIVATE_DIR = 0o700

/** Makes a folder (and its parents) and closes the folder itself to other users. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR })
  chmodSync(dir, PRIVATE_DIR)
}

/** Closes an existing file to other users (no-op when it does not exist). */
export function makePrivate(file: string): void {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE)
}

/** Writes a file only hocso's user can read. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  writeFileSync(file, data, { mode: PRIVATE_FILE })
  chmodSync(file, PRIVATE_FILE)
}
