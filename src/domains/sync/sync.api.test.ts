import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { canonicalJson, sha256 } from '../facts/canonical.ts'
import { H_SIG, signRequest, verifyResponse } from './sync.auth.ts'
import { exportBundle } from './sync.bundle.ts'
import { nodeKey } from './sync.keys.ts'
import { pinUpstream, registerHub } from './sync.nodes.ts'

// The province (demo data) and two nodes that talk to it: hub (registered later) and stranger.
let province: TestEnv
let hub: TestEnv
let stranger: TestEnv

/** A signed call from `from` to the province's node-to-node API, as a hub makes it. */
async function call(from: TestEnv, path: string, body: unknown, opts: { at?: Date; tamper?: boolean } = {}) {
  const raw = gzipSync(Buffer.from(JSON.stringify(body)))
  const headers = signRequest(nodeKey(from.ctx), opts.at ?? new Date(), 'POST', path, raw)
  const sent = opts.tamper
    ? gzipSync(Buffer.from(JSON.stringify({ ...(body as object), name: 'changed' })))
    : raw
  const res = await province.app.request(path, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: sent,
  })
  return { res, headers, text: await res.text() }
}

/** A household check made on the hub, as its push pages carry it. */
function check(seq: number, household: string) {
  const at = new Date(Date.parse('2026-11-02T03:00:00.000Z') + seq * 60_000).toISOString()
  const data = {
    village: '3166-001',
    household,
    smartphone: true,
    internet: seq % 2 === 0,
    vneid_all_adults: false,
    payment_account: true,
    online_public_services: false,
    course_completed: false,
  }
  const f = {
    id: uuidv7(Date.parse(at)),
    kind: 'household_checked',
    origin_node: hub.ctx.nodeId,
    seq,
    actor_id: null,
    subject_id: null,
    place_code: '3166-001',
    occurred_at: at,
    recorded_at: at,
    data: canonicalJson(data),
    hash: sha256(canonicalJson({ kind: 'household_checked', occurred_at: at, data, corrects: null })),
    corrects: null,
  }
  return { s: 'facts', o: hub.ctx.nodeId, q: seq, f }
}

const countFacts = async () =>
  Number(
    (
      await province.ctx.db
        .selectFrom('facts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('origin_node', '=', hub.ctx.nodeId)
        .executeTakeFirstOrThrow()
    ).n,
  )

const hello = (env: TestEnv) => ({
  public_key: nodeKey(env.ctx).publicKey,
  name: 'hub test',
  vector: { changes: {}, facts: {} },
})

/** Posts a file through the bundle upload form, as a browser does. */
async function upload(c: Client, env: TestEnv, data: Buffer) {
  await c.request('/admin/hubs')
  const form = new FormData()
  form.set('_csrf', c.csrf ?? '')
  form.set('bundle', new File([new Uint8Array(data)], 'hub.hocso'))
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return env.app.request('/admin/hubs/bundles', { method: 'POST', body: form, headers: { cookie } })
}

beforeAll(async () => {
  province = await testEnv()
  await demoPeople(province.ctx)
  hub = await testEnv()
  stranger = await testEnv()
}, 120_000)
afterAll(async () => {
  await province?.close()
  await hub?.close()
  await stranger?.close()
})

describe('the node-to-node API', () => {
  it('refuses an unsigned request, naming the missing header', async () => {
    const res = await province.app.request('/api/sync/pull', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(401)
    expect((await res.json()).error.message).toBe('x-hocso-node: required on sync requests')
  })

  it('keeps a new hub’s request to join for an officer, and says it waits', async () => {
    const first = await call(hub, '/api/sync/hello', hello(hub))
    expect(first.res.status).toBe(401)
    expect(JSON.parse(first.text).error.message).toBe(
      `node ${hub.ctx.nodeId} is waiting for an officer to approve it`,
    )
    const row = await province.ctx.db
      .selectFrom('sync_nodes')
      .selectAll()
      .where('node_id', '=', hub.ctx.nodeId)
      .executeTakeFirstOrThrow()
    expect(row.role).toBe('pending')
    expect(row.public_key).toBe(nodeKey(hub.ctx).publicKey)
  })

  it('answers a registered hub, signing the answer with the province’s key', async () => {
    const officer = new Client(province.app)
    await officer.login('officer')
    const page = await (await officer.request('/admin/hubs')).text()
    expect(page).toContain(hub.ctx.nodeId)
    const res = await officer.request('/admin/hubs', {
      form: {
        node: hub.ctx.nodeId,
        public_key: nodeKey(hub.ctx).publicKey,
        scope_code: '3166',
        name: 'Hub Mường Chà',
      },
    })
    expect(res.status).toBe(303)
    const { res: r, headers, text } = await call(hub, '/api/sync/hello', hello(hub))
    expect(r.status).toBe(200)
    expect(JSON.parse(text)).toMatchObject({
      node: province.ctx.nodeId,
      scope: '3166',
      have: { changes: 0, facts: 0 },
    })
    expect(
      verifyResponse(
        nodeKey(province.ctx).publicKey,
        headers[H_SIG]!,
        text,
        r.headers.get('x-hocso-answer')!,
      ),
    ).toBe(true)
  })

  it('refuses a body that does not match its signature, and a clock two days off', async () => {
    const bent = await call(hub, '/api/sync/hello', hello(hub), { tamper: true })
    expect(bent.res.status).toBe(401)
    expect(JSON.parse(bent.text).error.message).toBe(
      `x-hocso-signature: does not match the key registered for node ${hub.ctx.nodeId}`,
    )
    const late = await call(hub, '/api/sync/hello', hello(hub), { at: new Date(Date.now() - 50 * 3_600_000) })
    expect(late.res.status).toBe(401)
    expect(JSON.parse(late.text).error.message).toBe(
      "x-hocso-time: more than 48 hours away from this server's clock",
    )
  })

  it('refuses a malformed page, naming the field, and writes nothing', async () => {
    const before = await province.ctx.db
      .selectFrom('facts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const r = await call(hub, '/api/sync/push', {
      entries: [{ s: 'facts', o: hub.ctx.nodeId, q: 'x' }],
      covers: [],
      more: false,
    })
    expect(r.res.status).toBe(400)
    expect(JSON.parse(r.text).error.message).toMatch(/^entries\.0\./)
    const after = await province.ctx.db
      .selectFrom('facts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('refuses a page of facts whose last one is malformed, naming it, and stores none of the others', async () => {
    const entries = [check(1, 'H1'), check(2, 'H2'), check(3, 'H3'), check(4, 'H4')]
    entries[3]!.f.id = 'not-a-uuid'
    const r = await call(hub, '/api/sync/push', {
      entries,
      covers: [{ s: 'facts', o: hub.ctx.nodeId, from: 0, to: 4 }],
      more: false,
    })
    expect(r.res.status).toBe(400)
    expect(JSON.parse(r.text).error.message).toMatch(/^entries\.3\.f\.id: /)
    expect(await countFacts()).toBe(0)
  })

  it('stores a fact sent twice in a page once, and a page sent again changes nothing', async () => {
    const twice = check(2, 'H2')
    const page = {
      entries: [check(1, 'H1'), twice, structuredClone(twice), check(3, 'H3')],
      covers: [{ s: 'facts', o: hub.ctx.nodeId, from: 0, to: 3 }],
      more: false,
    }
    const first = await call(hub, '/api/sync/push', page)
    expect(first.res.status).toBe(200)
    expect(JSON.parse(first.text)).toMatchObject({ applied: 3, duplicates: 1, held: 0, refused: [] })
    const again = await call(hub, '/api/sync/push', page)
    expect(JSON.parse(again.text)).toMatchObject({ applied: 0, duplicates: 4, refused: [] })
    expect(await countFacts()).toBe(3)
    const households = await province.ctx.db
      .selectFrom('outreach_households')
      .select('label')
      .where('village_code', '=', '3166-001')
      .where('label', 'in', ['H1', 'H2', 'H3'])
      .execute()
    expect(households.map((h) => h.label).sort()).toEqual(['H1', 'H2', 'H3'])
  })
})

describe('the officers’ hubs page', () => {
  it('is for officers and the province only', async () => {
    const anon = new Client(province.app)
    expect((await anon.request('/admin/hubs')).status).toBe(303)
    const learner = new Client(province.app)
    await learner.login('learner')
    const res = await learner.request('/admin/hubs')
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('you may not manage hubs')
  })

  it('refuses a hub outside the officer’s commune, a bad key and an unknown place, writing nothing', async () => {
    const officer = new Client(province.app)
    await officer.login('officer')
    const key = nodeKey(stranger.ctx).publicKey
    const other = await province.ctx.db
      .selectFrom('places')
      .select('code')
      .where('kind', '=', 'commune')
      .where('code', '!=', '3166')
      .executeTakeFirstOrThrow()
    const send = (scope: string, publicKey = key) =>
      officer.request('/admin/hubs', {
        json: { node: stranger.ctx.nodeId, public_key: publicKey, scope_code: scope, name: 'Hub khác' },
      })
    const far = await send(other.code)
    expect(far.status).toBe(403)
    expect((await far.json()).error.message).toBe(`you may not hubs.manage for ${other.code}`)
    const bad = await send('3166-002', 'not-a-key')
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toBe('public_key: must be an Ed25519 public key (43 characters)')
    const nowhere = await send('9999')
    expect(nowhere.status).toBe(400)
    expect((await nowhere.json()).error.message).toBe('scope_code: unknown place 9999')
    const row = await province.ctx.db
      .selectFrom('sync_nodes')
      .select('node_id')
      .where('node_id', '=', stranger.ctx.nodeId)
      .executeTakeFirst()
    expect(row).toBeUndefined()
  })

  it('shows each hub’s last contact, what waits for it and what was exchanged', async () => {
    const officer = new Client(province.app)
    await officer.login('officer')
    const page = await (await officer.request('/admin/hubs')).text()
    expect(page).toContain('Hub Mường Chà')
    expect(page).toContain('Liên lạc lần cuối')
    expect(page).toMatch(/Bản ghi đang chờ gửi đến điểm<\/dt><dd>\d+<\/dd>/)
    expect(page).toContain('Gói dữ liệu đã trao đổi</dt><dd>0</dd>')
  })

  it('imports an uploaded bundle and offers the answer; a bundle cut short is refused, saying so', async () => {
    await pinUpstream(hub.ctx, {
      node: province.ctx.nodeId,
      publicKey: nodeKey(province.ctx).publicKey,
      name: 'province',
      url: null,
      scope: '3166',
    })
    const b = await exportBundle(hub.ctx, province.ctx.nodeId)
    const officer = new Client(province.app)
    await officer.login('officer')
    const cut = await upload(officer, province, b.data.subarray(0, b.data.length - 3))
    expect(cut.status).toBe(400)
    expect(await cut.text()).toMatch(/bundle cut short: [^<]*; nothing was imported/)
    const ok = await upload(officer, province, b.data)
    expect(ok.status).toBe(200)
    const html = await ok.text()
    const answer = /href="\/admin\/hubs\/bundles\/([0-9a-f-]{36})"/.exec(html)?.[1]
    expect(answer).toBeTruthy()
    const file = await officer.request(`/admin/hubs/bundles/${answer}`)
    expect(file.status).toBe(200)
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 14)
        .toString(),
    ).toBe('HOCSO-BUNDLE/1')
  })

  it('lets the officer revoke a hub; its next request is refused, saying so', async () => {
    const officer = new Client(province.app)
    await officer.login('officer')
    expect((await officer.request(`/admin/hubs/${hub.ctx.nodeId}/revoke`, { form: {} })).status).toBe(303)
    const r = await call(hub, '/api/sync/hello', hello(hub))
    expect(r.res.status).toBe(403)
    expect(JSON.parse(r.text).error.message).toMatch(new RegExp(`^node ${hub.ctx.nodeId} was revoked on `))
    await expect(
      registerHub(province.ctx, 'system', {
        node: hub.ctx.nodeId,
        publicKey: nodeKey(hub.ctx).publicKey,
        scope: '3166',
        name: 'again',
      }),
    ).rejects.toThrow(/was revoked on .*; a revoked hub must make a new key/)
  })
})
