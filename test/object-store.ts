import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from '@20minutes/s3rver'

/** The credentials s3rver knows (it has one account); it checks every request's SigV4 signature with them. */
export const S3RVER_KEY = 'S3RVER'

/**
 * A real S3-compatible server for a test file: @20minutes/s3rver on a free port of 127.0.0.1, its
 * objects in a folder of its own, with the given buckets. `env` configures hocso for a bucket.
 */
export async function startObjectStore(
  buckets = ['media'],
  at?: { dir: string; port: number },
): Promise<ObjectStore> {
  const dir = at?.dir ?? mkdtempSync(join(tmpdir(), 'hocso-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: at?.port ?? 0,
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name })),
  })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  let running = true
  return {
    endpoint,
    dir,
    env: (bucket = buckets[0]!, over: Record<string, string> = {}): Record<string, string> => ({
      HOCSO_MEDIA_STORE: `s3://${bucket}`,
      HOCSO_MEDIA_S3_ENDPOINT: endpoint,
      HOCSO_MEDIA_S3_ACCESS_KEY: S3RVER_KEY,
      HOCSO_MEDIA_S3_SECRET_KEY: S3RVER_KEY,
      ...over,
    }),
    /** Stops answering (the store is away), keeping its objects. */
    async stop() {
      if (running) await server.close()
      running = false
    },
    /** The same store again: same folder, same address. */
    async restart() {
      if (running) await server.close()
      running = false
      return startObjectStore(buckets, { dir, port })
    },
    async close() {
      if (running) await server.close()
      running = false
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type ObjectStore = {
  endpoint: string
  dir: string
  env: (bucket?: string, over?: Record<string, string>) => Record<string, string>
  stop: () => Promise<void>
  restart: () => Promise<ObjectStore>
  close: () => Promise<void>
}
