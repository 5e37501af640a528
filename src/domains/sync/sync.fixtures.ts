import { demoPeople } from '../../../test/factories.ts'
import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { exportBundle, importBundle } from './sync.bundle.ts'
import { nodeKey } from './sync.keys.ts'
import { pinUpstream, registerHub } from './sync.nodes.ts'

/**
 * Makes `hub` a hub of `province` for `scope`, each holding the other's key, as `hocso hub join`
 * and an officer's approval leave them (without the network: bundles carry the records).
 */
export async function pairHub(province: TestEnv, hub: TestEnv, scope: string, name = 'Hub Mường Chà') {
  await registerHub(province.ctx, 'system', {
    node: hub.ctx.nodeId,
    publicKey: nodeKey(hub.ctx).publicKey,
    scope,
    name,
  })
  await pinUpstream(hub.ctx, {
    node: province.ctx.nodeId,
    publicKey: nodeKey(province.ctx).publicKey,
    name: 'province',
    url: null,
    scope,
  })
}

/** Carries by bundle what `from` holds for `to`: the bundle made and what its import did. */
export async function carry(from: TestEnv, to: TestEnv) {
  const bundle = await exportBundle(from.ctx, to.ctx.nodeId)
  return { bundle, result: await importBundle(to.ctx, bundle.data) }
}

/** A province with the demo people and a hub of `scope` paired to it: the two nodes of a test. */
export async function demoProvinceAndHub(scope = '3166'): Promise<{ province: TestEnv; hub: TestEnv }> {
  const province = await testEnv()
  await demoPeople(province.ctx)
  const hub = await testEnv()
  await pairHub(province, hub, scope)
  return { province, hub }
}
