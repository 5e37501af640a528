import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The load balancer configurations of deploy/ are checked by the real programs when they are
 * installed (Debian: `apt-get install haproxy nginx`); otherwise these tests say so and skip.
 */
const ROOT = new URL('..', import.meta.url).pathname
const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find(existsSync)
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync)

describe('deploy/', () => {
  it.skipIf(!HAPROXY)('haproxy.cfg is valid for haproxy -c, and checks /readyz', () => {
    const cfg = join(ROOT, 'deploy/haproxy.cfg')
    const r = spawnSync(HAPROXY!, ['-c', '-f', cfg], { encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout + r.stderr).toContain('Configuration file is valid')
  })

  it.skipIf(!NGINX)('nginx.conf is valid for nginx -t, inside a minimal main configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hocso-nginx-'))
    try {
      const main = join(dir, 'nginx.conf')
      writeFileSync(
        main,
        `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  access_log off;\n  include ${join(ROOT, 'deploy/nginx.conf')};\n}\n`,
      )
      // nginx -t writes its verdict on stderr and exits non-zero on an error.
      const r = spawnSync(NGINX!, ['-t', '-c', main, '-p', dir], { encoding: 'utf8' })
      expect(r.status, r.stderr).toBe(0)
      expect(r.stderr).toContain('test is successful')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
