import type { Client } from '../../../test/harness.ts'

/**
 * The bytes a course download takes, as the phone fetches each file (downloads.js: gzip accepted,
 * the download header set): bodies as they travel, compressed where the server compresses.
 * Throws on a file that does not answer 200.
 */
export async function wireBytes(c: Client, files: { url: string }[]): Promise<number> {
  let n = 0
  for (const f of files) {
    const res = await c.request(f.url, {
      headers: { 'accept-encoding': 'gzip', 'x-hocso-offline-download': '1' },
    })
    if (res.status !== 200) throw new Error(`${f.url}: ${res.status}`)
    n += (await res.arrayBuffer()).byteLength
  }
  return n
}
