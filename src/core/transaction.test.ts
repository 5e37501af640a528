import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestEnv, testEnv } from '../../test/harness.ts'
import { inTransaction, isTx } from './transaction.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv({ units: false })
})
afterAll(() => env.close())

const metaValue = async (key: string) =>
  (await env.ctx.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value

describe('inTransaction', () => {
  it('gives the context with the transaction as its handle, and commits what it wrote', async () => {
    await inTransaction(env.ctx, async (tx) => {
      expect(isTx(tx)).toBe(true)
      expect(tx.db.isTransaction).toBe(true)
      expect(tx.nodeId).toBe(env.ctx.nodeId)
      await tx.db.insertInto('meta').values({ key: 'tx.commit', value: '1' }).execute()
    })
    expect(await metaValue('tx.commit')).toBe('1')
  })

  it('takes back everything when it throws, nested calls included', async () => {
    await expect(
      inTransaction(env.ctx, async (tx) => {
        await tx.db.insertInto('meta').values({ key: 'tx.outer', value: '1' }).execute()
        await inTransaction(tx, async (inner) => {
          // Joined, not a second transaction.
          expect(inner.db).toBe(tx.db)
          await inner.db.insertInto('meta').values({ key: 'tx.inner', value: '1' }).execute()
        })
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await metaValue('tx.outer')).toBeUndefined()
    expect(await metaValue('tx.inner')).toBeUndefined()
  })

  it('with a savepoint, a nested failure takes back only its own writes', async () => {
    await inTransaction(env.ctx, async (tx) => {
      await tx.db.insertInto('meta').values({ key: 'sp.kept', value: '1' }).execute()
      await expect(
        inTransaction(
          tx,
          async (inner) => {
            await inner.db.insertInto('meta').values({ key: 'sp.dropped', value: '1' }).execute()
            throw new Error('nested refusal')
          },
          { savepoint: true },
        ),
      ).rejects.toThrow('nested refusal')
    })
    expect(await metaValue('sp.kept')).toBe('1')
    expect(await metaValue('sp.dropped')).toBeUndefined()
  })

  it('refuses a query on the pool while the same flow holds a transaction, and takes the transaction back', async () => {
    await expect(
      inTransaction(env.ctx, async (tx) => {
        await tx.db.insertInto('meta').values({ key: 'guard.before', value: '1' }).execute()
        // The mistake the guard is for: the outer context's pool instead of `tx`.
        await env.ctx.db.selectFrom('meta').select('value').where('key', '=', 'guard.before').execute()
      }),
    ).rejects.toThrow(/query on the connection pool while this flow holds an open transaction/)
    expect(await metaValue('guard.before')).toBeUndefined()
  })

  it('binds tx.blobs to the transaction: a blob commits or rolls back with it; the pool store is refused inside', async () => {
    const bytes = new Uint8Array([1, 2, 3])
    await expect(
      inTransaction(env.ctx, async (tx) => {
        await tx.blobs.put('tx/dropped', bytes, 'audio/webm', '2026-01-01T00:00:00Z')
        expect(await tx.blobs.read('tx/dropped')).toEqual(bytes)
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await env.ctx.blobs.info('tx/dropped')).toBeUndefined()
    await inTransaction(env.ctx, async (tx) => {
      await tx.blobs.put('tx/kept', bytes, 'audio/webm', '2026-01-01T00:00:00Z')
    })
    expect(await env.ctx.blobs.read('tx/kept')).toEqual(bytes)
    // The mistake the binding removes: the outer context's store, on the pool, inside the transaction.
    await expect(
      inTransaction(env.ctx, async (tx) => {
        await tx.blobs.delete(['tx/kept'])
        await env.ctx.blobs.info('tx/kept')
      }),
    ).rejects.toThrow(/query on the connection pool while this flow holds an open transaction/)
    expect(await env.ctx.blobs.read('tx/kept')).toEqual(bytes)
  })

  it('lets the pool serve again once the transaction ended, and other flows meanwhile', async () => {
    let release!: () => void
    const held = new Promise<void>((r) => {
      release = r
    })
    const open = inTransaction(env.ctx, async (tx) => {
      await tx.db.insertInto('meta').values({ key: 'flow.a', value: '1' }).execute()
      await held
    })
    // Another request's flow is not inside that transaction: on PostgreSQL it gets a connection of
    // its own; on SQLite it waits for the one connection, which it gets once the transaction ends.
    const other = env.ctx.db.selectFrom('meta').select('key').where('key', '=', 'flow.a').execute()
    release()
    await open
    await other
    await inTransaction(env.ctx, async () => {})
    expect(await metaValue('flow.a')).toBe('1')
  })
})
