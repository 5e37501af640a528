import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { sendWithRange } from './range.ts'

const BODY = new TextEncoder().encode('0123456789')
const app = new Hono()
app.get('/f', (c) => sendWithRange(c, BODY.length, (start, end) => BODY.slice(start, end + 1)))

async function get(range?: string) {
  const res = await app.request('/f', range ? { headers: { range } } : {})
  return { status: res.status, contentRange: res.headers.get('content-range'), body: await res.text() }
}

describe('sendWithRange', () => {
  it('gives the whole body without a Range header, and says ranges are accepted', async () => {
    const res = await app.request('/f')
    expect(res.status).toBe(200)
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(res.headers.get('content-length')).toBe('10')
    expect(await res.text()).toBe('0123456789')
  })

  it('answers a closed, an open-ended and a suffix range with 206 and the right bytes', async () => {
    expect(await get('bytes=2-4')).toEqual({ status: 206, contentRange: 'bytes 2-4/10', body: '234' })
    expect(await get('bytes=7-')).toEqual({ status: 206, contentRange: 'bytes 7-9/10', body: '789' })
    expect(await get('bytes=-3')).toEqual({ status: 206, contentRange: 'bytes 7-9/10', body: '789' })
    expect(await get('bytes=8-99')).toEqual({ status: 206, contentRange: 'bytes 8-9/10', body: '89' })
  })

  it('refuses a range past the end with 416 and the size', async () => {
    expect(await get('bytes=10-')).toEqual({ status: 416, contentRange: 'bytes */10', body: '' })
    expect(await get('bytes=5-2')).toEqual({ status: 416, contentRange: 'bytes */10', body: '' })
  })

  it('gives the whole body for forms it does not serve (several ranges, other units, nonsense)', async () => {
    for (const r of ['bytes=0-1,4-5', 'items=0-1', 'bytes=abc', 'bytes=-']) {
      expect(await get(r)).toEqual({ status: 200, contentRange: null, body: '0123456789' })
    }
  })
})
