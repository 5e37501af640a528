import { createHash, createHmac } from 'node:crypto'

/**
 * A small client for S3-compatible object stores (decision 0199): put, get (with a byte range),
 * head, delete and list, signed with AWS Signature Version 4 (node:crypto) and sent with fetch.
 * Path-style addresses (`endpoint/bucket/key`), which every S3-compatible server answers; an
 * endpoint whose host starts with `<bucket>.` is used as a virtual-hosted one (`endpoint/key`).
 */
export type S3Config = {
  endpoint: string
  region: string
  bucket: string
  accessKey: string
  secretKey: string
}

/** A request the store refused or could not answer; the message names the store, the key and the cause. */
export class ObjectStoreError extends Error {
  constructor(
    message: string,
    /** The HTTP status the store answered, or 0 when it could not be reached. */
    readonly status: number,
    /** The store's error code (`NoSuchKey`, `SignatureDoesNotMatch`…), when it gave one. */
    readonly s3Code?: string,
    opts?: { cause?: unknown },
  ) {
    super(message, opts)
  }
}

/** Codes by which a store says its credentials are wrong, rather than the request. */
const CREDENTIAL_CODES = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId', 'InvalidClientTokenId'])

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex')

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()

/** RFC 3986 encoding, as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ percent-encoded. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * The `Authorization` header of a request, by AWS Signature Version 4. `path` is the canonical URI,
 * already encoded; `headers` (lower-case names) are all signed, `host` and the two `x-amz-` headers
 * included. Exported for the test against AWS's published examples.
 */
export function authorization(opts: {
  method: string
  path: string
  query?: Record<string, string>
  headers: Record<string, string>
  payloadHash: string
  amzDate: string
  region: string
  accessKey: string
  secretKey: string
  service?: string
}): string {
  const service = opts.service ?? 's3'
  const names = Object.keys(opts.headers).sort()
  const canonicalHeaders = names.map((n) => `${n}:${opts.headers[n]!.trim().replace(/ +/g, ' ')}\n`).join('')
  const signedHeaders = names.join(';')
  const query = Object.entries(opts.query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const canonical = [opts.method, opts.path, query, canonicalHeaders, signedHeaders, opts.payloadHash].join(
    '\n',
  )
  const day = opts.amzDate.slice(0, 8)
  const scope = `${day}/${opts.region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', opts.amzDate, scope, sha256Hex(canonical)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${opts.secretKey}`, day), opts.region), service), 'aws4_request')
  const signature = createHmac('sha256', key).update(toSign).digest('hex')
  return `AWS4-HMAC-SHA256 Credential=${opts.accessKey}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`
}

/** `20130524T000000Z`: the time format of `x-amz-date`. */
export const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

export class S3Client {
  /** `s3://bucket`, for messages. */
  readonly name: string
  private readonly base: URL
  private readonly virtualHosted: boolean

  constructor(
    readonly config: S3Config,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.base = new URL(config.endpoint)
    this.virtualHosted = this.base.hostname.startsWith(`${config.bucket}.`)
    this.name = `s3://${config.bucket}`
  }

  /** The store and where it is, for messages: `s3://media at https://s3.example.vn`. */
  get where(): string {
    return `${this.name} at ${this.base.origin}`
  }

  /** Stores `bytes` under `key`. The payload's SHA-256 is signed: the store refuses bytes altered on the way. */
  async put(key: string, bytes: Uint8Array, mime: string): Promise<void> {
    const res = await this.send('PUT', key, {
      body: bytes,
      payloadHash: sha256Hex(bytes),
      headers: { 'content-type': mime },
    })
    await this.check(res, 'PUT', key)
    await res.body?.cancel()
  }

  /**
   * The object's bytes `start`..`end` inclusive (all of them without a range), as the response whose
   * body streams them; undefined when the store has no such object.
   */
  async get(key: string, range?: { start: number; end?: number }): Promise<Response | undefined> {
    const headers: Record<string, string> = {}
    if (range) headers.range = `bytes=${range.start}-${range.end ?? ''}`
    const res = await this.send('GET', key, { headers })
    if (res.status === 404) {
      const body = await res.text()
      if (errorCode(body) !== 'NoSuchBucket') return undefined
      throw this.failure(res.status, 'GET', key, body)
    }
    await this.check(res, 'GET', key)
    return res
  }

  /** Size and type of an object, or undefined when there is none. */
  async head(key: string): Promise<{ size: number; mime: string } | undefined> {
    const res = await this.send('HEAD', key)
    if (res.status === 404) return undefined
    await this.check(res, 'HEAD', key)
    return {
      size: Number(res.headers.get('content-length') ?? 0),
      mime: res.headers.get('content-type') ?? 'application/octet-stream',
    }
  }

  /** Removes an object; removing one that is not there is no error (S3 answers 204 either way). */
  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', key)
    if (res.status === 404) {
      const body = await res.text()
      if (errorCode(body) === 'NoSuchKey') return
      throw this.failure(res.status, 'DELETE', key, body)
    }
    await this.check(res, 'DELETE', key)
    await res.body?.cancel()
  }

  /** Keys under `prefix` with their last change, by pages of up to 1000 (ListObjectsV2). */
  async *list(prefix: string): AsyncGenerator<{ key: string; lastModified: Date }> {
    let token: string | undefined
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix }
      if (token) query['continuation-token'] = token
      const res = await this.send('GET', undefined, { query })
      await this.check(res, 'LIST', `${prefix}*`)
      const xml = await res.text()
      for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = /<Key>([\s\S]*?)<\/Key>/.exec(m[1]!)?.[1]
        const at = /<LastModified>([\s\S]*?)<\/LastModified>/.exec(m[1]!)?.[1]
        if (key) yield { key: unescapeXml(key), lastModified: new Date(at ?? 0) }
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
        ? /<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1]
        : undefined
      if (token) token = unescapeXml(token)
    } while (token)
  }

  /**
   * Checks at start-up that the bucket answers to these credentials: a GET of `key`, an object that
   * need not exist (reading is the least a deployment's key may do; listing it may not).
   */
  async probe(key: string): Promise<void> {
    const res = await this.get(key)
    await res?.body?.cancel()
  }

  private async send(
    method: string,
    key: string | undefined,
    opts: {
      body?: Uint8Array
      payloadHash?: string
      headers?: Record<string, string>
      query?: Record<string, string>
    } = {},
  ): Promise<Response> {
    const segments = [...(this.virtualHosted ? [] : [this.config.bucket]), ...(key ? key.split('/') : [])]
    const path = `/${segments.map(uriEncode).join('/')}`
    const payloadHash = opts.payloadHash ?? EMPTY_SHA256
    const date = amzDate(this.now())
    const headers: Record<string, string> = {
      ...opts.headers,
      host: this.base.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': date,
    }
    headers.authorization = authorization({
      method,
      path,
      query: opts.query,
      headers,
      payloadHash,
      amzDate: date,
      region: this.config.region,
      accessKey: this.config.accessKey,
      secretKey: this.config.secretKey,
    })
    const { host: _, ...sent } = headers
    const qs = new URLSearchParams(opts.query ?? {}).toString()
    const url = `${this.base.origin}${path}${qs ? `?${qs}` : ''}`
    try {
      return await fetch(url, { method, headers: sent, body: opts.body as BodyInit | undefined })
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause
      throw new ObjectStoreError(
        `media store ${this.where}: cannot be reached for ${method} ${key ?? '(the bucket)'} (${cause?.code ?? cause?.message ?? String(err)})`,
        0,
        undefined,
        { cause: err },
      )
    }
  }

  /** Throws a clear error for an answer that is not a success. */
  private async check(res: Response, op: string, key: string): Promise<void> {
    if (res.ok) return
    throw this.failure(res.status, op, key, op === 'HEAD' ? '' : await res.text().catch(() => ''))
  }

  private failure(status: number, op: string, key: string, body: string): ObjectStoreError {
    const code = errorCode(body)
    const detail = /<Message>([\s\S]*?)<\/Message>/.exec(body)?.[1]
    const hint =
      code && CREDENTIAL_CODES.has(code)
        ? ': the store refuses these credentials; check HOCSO_MEDIA_S3_ACCESS_KEY and HOCSO_MEDIA_S3_SECRET_KEY'
        : code === 'NoSuchBucket'
          ? ': there is no such bucket; create it, or check HOCSO_MEDIA_STORE'
          : status === 403
            ? ': access denied; check the credentials (HOCSO_MEDIA_S3_ACCESS_KEY, HOCSO_MEDIA_S3_SECRET_KEY) and what they may do'
            : ''
    return new ObjectStoreError(
      `media store ${this.where}: ${op} ${key} failed with ${status}${code ? ` ${code}` : ''}${detail ? ` (${unescapeXml(detail)})` : ''}${hint}`,
      status,
      code,
    )
  }
}

const errorCode = (xml: string) => /<Code>([\s\S]*?)<\/Code>/.exec(xml)?.[1]

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
