import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { signRequest } from './sync.auth.ts'
import { nodeKey } from './sync.keys.ts'
import { registerHub } from './sync.nodes.ts'

// Issue 14, hole 2: an unauthenticated hello must not make the server inflate and parse megabytes.
// A real gzip bomb: 60 MiB of JSON (under the old 64 MiB cap, so it was inflated and parsed) in
// about 60 KB of gzip. The figures (time, memory) are measured in bench/sync-hello-bomb.ts.
let province: TestEnv
let stranger: TestEnv
let hub: TestEnv
let bomb: Buffer
beforeAll(async () => {
  province = await testEnv()
  stranger = await testEnv()
  hub = await testEnv()
  const pad = 'A'.repeat(60 * 1024 * 1024)
  bomb = gzipSync(Buffer.from(`{"public_key":"${pad}","name":"x","vector":{}}`), { level: 9 })
}, 60_000)
afterAll(async () => {
  await province?.close()
  await stranger?.close()
  await hub?.close()
})

async function post(body: Buffer, headers: Record<string, string>) {
  const res = await province.app.request('/api/sync/hello', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...headers },
    body: new Uint8Array(body),
  })
  return { status: res.status, body: await res.json() }
}

const nodes = async () => (await province.ctx.db.selectFrom('sync_nodes').select('node_id').execute()).length

describe('POST /api/sync/hello against a gzip bomb', () => {
  it('is small on the wire (the attack fits in any body limit)', () => {
    expect(bomb.length).toBeLessThan(200 * 1024)
  })

  it('refuses a bomb without the signing headers at the door (401), before reading it', async () => {
    const r = await post(bomb, {})
    expect(r.status).toBe(401)
    expect(r.body.error.message).toBe('x-hocso-node: required on sync requests')
    expect(await nodes()).toBe(0)
  })

  it('refuses a bomb from an unknown node with 413 once a hello’s size is passed, noting nothing', async () => {
    const headers = signRequest(nodeKey(stranger.ctx), new Date(), 'POST', '/api/sync/hello', bomb)
    const r = await post(bomb, headers)
    expect(r.status).toBe(413)
    expect(r.body.error).toMatchObject({
      code: 'payload_too_large',
      message: 'body: larger than 65536 bytes once inflated',
    })
    expect(r.body.error.text).toBe('Nội dung gửi quá lớn (quá 65.536 byte sau khi giải nén).')
    expect(await nodes()).toBe(0)
  })

  it('refuses a bomb from a registered node with a wrong signature (401) without inflating it', async () => {
    await registerHub(province.ctx, 'system', {
      node: hub.ctx.nodeId,
      publicKey: nodeKey(hub.ctx).publicKey,
      scope: '3166',
      name: 'hub',
    })
    // Signed by the stranger's key in the hub's name.
    const forged = signRequest(
      { ...nodeKey(stranger.ctx), nodeId: hub.ctx.nodeId },
      new Date(),
      'POST',
      '/api/sync/hello',
      bomb,
    )
    const r = await post(bomb, forged)
    expect(r.status).toBe(401)
    expect(r.body.error.message).toBe(
      `x-hocso-signature: does not match the key registered for node ${hub.ctx.nodeId}`,
    )
  })
})
