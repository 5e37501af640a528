import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { parse } from 'acorn'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestEnv, testEnv } from '../../test/harness.ts'
import { allAssets } from './assets.ts'

// A phone from 2017 (Android 8's Chrome, iOS 11's Safari) runs ES2017 and nothing newer: every
// script the app serves must parse as ES2017, exactly as the phone receives it.
const asEs2017 = (code: string) => parse(code, { ecmaVersion: 2017, sourceType: 'script' })

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
})
afterAll(() => env.close())

/** Every script URL the app serves: the .js files of the asset table, and the service worker. */
function scriptUrls(): string[] {
  const urls = allAssets()
    .filter((a) => a.path.endsWith('.js') && a.path !== 'sw.js')
    .map((a) => a.url)
  return [...urls, '/sw.js']
}

describe('browser scripts', () => {
  it('the parser used here refuses what a 2017 phone cannot run', () => {
    expect(() => asEs2017('const a = {}; a?.b')).toThrow(SyntaxError)
    expect(() => asEs2017('let a; a ??= 1')).toThrow(SyntaxError)
    expect(() => asEs2017('const o = { ...{} }')).toThrow(SyntaxError)
    expect(() => asEs2017('async function f() { const x = await 1; return x ** 2 }')).not.toThrow()
  })

  it('serves every script as ES2017, the service worker included', async () => {
    const urls = scriptUrls()
    // offline.js, outbox.js, downloads.js, quiz-offline.js, sw.js and the domains' page scripts
    expect(urls.length).toBeGreaterThanOrEqual(10)
    for (const url of urls) {
      const res = await env.app.request(url)
      expect(res.status, url).toBe(200)
      expect(res.headers.get('content-type'), url).toMatch(/^text\/javascript/)
      const code = await res.text()
      expect(code.length, url).toBeGreaterThan(100)
      expect(() => asEs2017(code), `${url} is not ES2017`).not.toThrow()
    }
  })

  it('the compressed copies are the same ES2017 script', async () => {
    for (const url of scriptUrls().filter((u) => u !== '/sw.js')) {
      const plain = await (await env.app.request(url)).text()
      const br = await env.app.request(url, { headers: { 'accept-encoding': 'br' } })
      expect(br.headers.get('content-encoding'), url).toBe('br')
      expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString('utf8'), url).toBe(plain)
      const gz = await env.app.request(url, { headers: { 'accept-encoding': 'gzip' } })
      expect(gz.headers.get('content-encoding'), url).toBe('gzip')
      expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'), url).toBe(plain)
    }
  })

  it('every script a page names is one of them', async () => {
    const served = new Set(scriptUrls())
    const html = await (await env.app.request('/')).text()
    const named = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!)
    const dataNamed = [...html.matchAll(/\sdata-(?:downloads|quiz)="([^"]+)"/g)].map((m) => m[1]!)
    expect(named.length).toBeGreaterThanOrEqual(2)
    for (const src of [...named, ...dataNamed]) expect(served.has(src), src).toBe(true)
    // Inline scripts carry data only (JSON), never code a phone must parse.
    for (const m of html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g))
      expect(m[1]).toMatch(/type="application\/json"/)
  })
})
