import { type Command, openContext } from '../../cli/runtime.ts'
import * as store from './certificates.store.ts'
import { ensureIssuer, rotateIssuerKey } from './issuer.service.ts'
import { issuerKeys } from './issuer.ts'

const USAGE = `hocso certificates <rotate-key | keys>

  rotate-key   create a new issuing key; it signs every certificate issued from now on.
               Older keys are kept (retired): certificates they signed stay verifiable and
               can still be revoked. Running servers pick the new key up by themselves.
  keys         list the issuing keys and whether each is in use.

Keys live in the database, sealed with HOCSO_KEY_SECRET (or, when it is unset, the file
HOCSO_DATA_DIR/keys/secret.key, readable only by the server's user). Back up the database AND
that secret: without both hocso can no longer sign nor revoke the certificates it issued.`

/** `hocso certificates …`: issuing keys (rotation, listing). */
export const certificatesCommand: Command = {
  name: 'certificates',
  summary: 'issuing keys of the certificates: `hocso certificates rotate-key | keys`',
  usage: USAGE,
  run: async (args) => {
    const [sub] = args
    if (sub !== 'rotate-key' && sub !== 'keys') {
      process.stderr.write(`${USAGE}\n`)
      return 64
    }
    const ctx = await openContext()
    try {
      await ensureIssuer(ctx)
      if (sub === 'rotate-key') {
        const { active, retired } = await rotateIssuerKey(ctx)
        for (const k of retired) process.stdout.write(`retired: ${k.verificationMethod}\n`)
        process.stdout.write(`new issuing key: ${active.verificationMethod}\n`)
        return 0
      }
      const known = new Set((await store.allKeys(ctx.db)).map((k) => k.public_key_multibase))
      for (const k of await issuerKeys(ctx)) {
        const state = k.retiredAt ? `retired ${k.retiredAt}` : 'issuing'
        const db = known.has(k.publicKeyMultibase) ? '' : ' (not yet in the database)'
        process.stdout.write(`${k.createdAt}  ${state.padEnd(32)} ${k.verificationMethod}${db}\n`)
      }
      return 0
    } finally {
      await ctx.handle.close()
    }
  },
}
