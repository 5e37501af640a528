// The baseline of bench/load.ts: a bare node:http server returning fixed bytes (a lesson page
// saved from hocso), with the same headers a browser would get, to compare the framework's cost.
import { readFileSync } from 'node:fs'
import http from 'node:http'

const [file, port] = process.argv.slice(2)
const body = readFileSync(file)
http
  .createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8', 'content-length': body.length })
    res.end(body)
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('ready'))
