import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { emit } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { createAccount, createAdmin } from '../people/people.service.ts'

// jsqr is CommonJS whose module.exports is the function itself; its types describe an ES default.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default

/**
 * Test factories for the certificates tests: an environment with its own data directory (so the
 * issuing key is the test's own), people, and a course completion announced the way the learning
 * engine announces it.
 */
export type CertEnv = TestEnv & { dataDir: string }

/** A migrated database (SQLite, or PostgreSQL when configured) and a fresh data directory. */
export async function certEnv(dataDir?: string): Promise<CertEnv> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'hocso-cert-'))
  const env = await testEnv({ config: { HOCSO_DATA_DIR: dir, HOCSO_PUBLIC_URL: 'https://hocso.example.vn' } })
  return {
    ...env,
    dataDir: dir,
    close: async () => {
      await env.close()
      if (!dataDir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

let phoneSeq = 0
/** A learner with a password, signed in through a fresh client when asked. */
export async function learner(env: TestEnv, name = 'Lò Văn Minh', locale = 'vi') {
  const phone = `09${String(Date.now() % 1e6).padStart(6, '0')}${String(phoneSeq++ % 100).padStart(2, '0')}`
  const id = await createAccount(
    env.ctx,
    { displayName: name, phone, password: 'mat-khau-123', locale },
    [{ role: 'learner', scopeCode: '11' }],
    { consent: true },
  )
  return {
    id,
    phone,
    client: async () => {
      const c = new Client(env.app)
      await c.login(phone, 'mat-khau-123')
      return c
    },
  }
}

/** A province administrator (who may revoke), signed in. */
export async function admin(env: TestEnv) {
  const login = `admin${phoneSeq++}`
  await createAdmin(env.ctx, { login, displayName: 'Quản trị tỉnh', password: 'mat-khau-123' })
  const c = new Client(env.app)
  await c.login(login, 'mat-khau-123')
  return c
}

/** Announces a course completion inside a transaction, as the learning engine does. */
export async function completeCourse(
  env: TestEnv,
  accountId: string,
  courseSlug: string,
  extra: Record<string, string> = {},
): Promise<void> {
  await inTransaction(env.ctx, async (tx) => {
    await emit(tx, 'course.completed', {
      accountId,
      courseSlug,
      lang: 'vi',
      completedAt: '2026-11-20T08:30:00.000Z',
      factId: uuidv7(),
      ...extra,
    })
  })
}

/** The certificates rows of an account. */
export function certificatesOf(env: TestEnv, accountId: string) {
  return env.ctx.db.selectFrom('certificates').selectAll().where('account_id', '=', accountId).execute()
}

/** Posts a multipart form (file upload) the way a browser does, CSRF token included. */
export async function postMultipart(
  env: TestEnv,
  c: Client,
  path: string,
  fields: Record<string, string | Blob>,
): Promise<Response> {
  await c.request('/verify')
  const fd = new FormData()
  fd.set('_csrf', c.csrf ?? '')
  for (const [k, v] of Object.entries(fields)) fd.set(k, v)
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return env.app.request(path, { method: 'POST', body: fd, headers: { cookie } })
}

/**
 * Decodes the QR code drawn in a page: the SVG made by the qrcode package is a list of horizontal
 * strokes, one module high; they are painted into a bitmap (8 px per module) and read with jsQR,
 * as a phone camera would read the printed square.
 */
export function decodeQrFromHtml(html: string): string | null {
  const svg = /<div class="cert-qr"[^>]*>(<svg[\s\S]*?<\/svg>)/.exec(html)?.[1]
  if (!svg) return null
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1])
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)![1]!
  const dark = new Set<string>()
  let x = 0
  let y = 0
  for (const [, cmd, args] of d.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const n = args!
      .trim()
      .split(/[\s,]+/)
      .map(Number)
    if (cmd === 'M') [x, y] = [n[0]!, n[1]!]
    else if (cmd === 'm') [x, y] = [x + n[0]!, y + n[1]!]
    else {
      const to = cmd === 'h' ? x + n[0]! : n[0]!
      for (let i = x; i < to; i++) dark.add(`${i},${Math.floor(y)}`)
      x = to
    }
  }
  const scale = 8
  const png = new PNG({ width: size * scale, height: size * scale })
  for (let py = 0; py < png.height; py++)
    for (let px = 0; px < png.width; px++) {
      const on = dark.has(`${Math.floor(px / scale)},${Math.floor(py / scale)}`)
      const o = (py * png.width + px) * 4
      png.data[o] = png.data[o + 1] = png.data[o + 2] = on ? 0 : 255
      png.data[o + 3] = 255
    }
  // Through a real PNG file, as a screenshot would be.
  const decoded = PNG.sync.read(PNG.sync.write(png))
  return jsQR(new Uint8ClampedArray(decoded.data), decoded.width, decoded.height)?.data ?? null
}
