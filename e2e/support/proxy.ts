import { createServer, request } from 'node:http'
import { freePort } from './server.ts'

/**
 * A plain HTTP proxy in front of a server, so a test can play a deployment: it rewrites the body of
 * one path (the service worker script, which browsers fetch outside any page and Playwright
 * cannot route). Everything else passes through untouched.
 */
export type Proxy = {
  url: string
  /** Rewrites the body of `path` from now on (null: pass it through again). */
  rewrite: (path: string, fn: ((body: string) => string) | null) => void
  close: () => Promise<void>
}

/** Starts a proxy to `target` (http://host:port) on a free port. */
export async function startProxy(target: string): Promise<Proxy> {
  const to = new URL(target)
  const rewrites = new Map<string, (body: string) => string>()
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const fn = rewrites.get(path)
    const headers = { ...req.headers, host: to.host }
    if (fn) delete headers['accept-encoding']
    const up = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers },
      (upRes) => {
        if (!fn) {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers)
          upRes.pipe(res)
          return
        }
        const chunks: Buffer[] = []
        upRes.on('data', (c) => chunks.push(c))
        upRes.on('end', () => {
          const body = Buffer.from(fn(Buffer.concat(chunks).toString('utf8')))
          const h = { ...upRes.headers, 'content-length': String(body.length) }
          delete h.etag
          res.writeHead(upRes.statusCode === 304 ? 200 : (upRes.statusCode ?? 502), h)
          res.end(body)
        })
      },
    )
    up.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    req.pipe(up)
  })
  const port = await freePort()
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${port}`,
    rewrite: (path, fn) => {
      if (fn) rewrites.set(path, fn)
      else rewrites.delete(path)
    },
    close: () => new Promise((r) => server.close(() => r())),
  }
}
