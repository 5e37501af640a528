import type { Config } from '../core/config.ts'
import { sweepOrphans } from '../core/object-store.ts'
import { S3Client } from '../core/s3.ts'
import { type Command, openContext } from './runtime.ts'

/**
 * What a copy of the database leaves out when the media are in an object store (decision 0199):
 * the objects themselves. Printed by `hocso backup`; nothing when the media are in the database.
 */
export function mediaBackupNote(config: Config): string {
  const m = config.mediaStore
  if (!m || m.kind === 'database') return ''
  return (
    `note: uploaded media are objects in s3://${m.bucket}/${m.prefix} at ${m.endpoint}, not in this copy ` +
    "(it holds their records, media_objects): back the bucket up with the store's own tools " +
    '(versioning, replication or a copy of the bucket), at the same time as the database\n'
  )
}

export const mediaCommand: Command = {
  name: 'media',
  summary: 'uploaded media in an object store: `hocso media orphans [--delete]`',
  usage: `hocso media orphans [--delete]

With HOCSO_MEDIA_STORE=s3://bucket, lists the objects under the deployment's prefix that no
record names, at least an hour old: uploads whose process stopped between writing the object
and committing its record. With --delete, deletes them. A failed upload or erasure cleans up
after itself; this finds what a killed process left.`,
  run: async (args) => {
    const [sub, ...rest] = args
    const del = rest.length === 1 && rest[0] === '--delete'
    if (sub !== 'orphans' || (rest.length && !del)) {
      process.stderr.write('usage: hocso media orphans [--delete]\n')
      return 64
    }
    const ctx = await openContext()
    try {
      const m = ctx.config.mediaStore
      if (!m || m.kind === 'database') {
        process.stderr.write(
          'hocso media: the media are in the database (HOCSO_MEDIA_STORE=database): a record and its bytes are one row, never apart\n',
        )
        return 1
      }
      const s3 = new S3Client(m)
      const found = await sweepOrphans(ctx.db, s3, m.prefix, { dryRun: !del })
      for (const k of found) process.stdout.write(`${k}\n`)
      process.stdout.write(
        `${found.length} orphan object(s) in ${s3.where}${del ? ', deleted' : found.length ? '; run with --delete to delete them' : ''}\n`,
      )
      return 0
    } finally {
      await ctx.handle.close()
    }
  },
}
