import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { S3RVER_KEY, startObjectStore } from '../../test/object-store.ts'
import { amzDate, authorization, EMPTY_SHA256, ObjectStoreError, S3Client } from './s3.ts'

/** AWS's published Signature Version 4 examples for S3 (same key pair, same day). */
const AWS_EXAMPLE = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  amzDate: '20130524T000000Z',
}

describe('Signature Version 4', () => {
  it("signs AWS's example GET of a byte range exactly as AWS's documentation does", () => {
    const auth = authorization({
      ...AWS_EXAMPLE,
      method: 'GET',
      path: '/test.txt',
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        range: 'bytes=0-9',
        'x-amz-content-sha256': EMPTY_SHA256,
        'x-amz-date': AWS_EXAMPLE.amzDate,
      },
      payloadHash: EMPTY_SHA256,
    })
    expect(auth).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    )
  })

  it('writes x-amz-date as AWS wants it', () => {
    expect(amzDate(new Date('2013-05-24T00:00:00.123Z'))).toBe('20130524T000000Z')
  })
})

describe('S3Client against an S3-compatible server that checks signatures', { timeout: 60_000 }, () => {
  let store: Awaited<ReturnType<typeof startObjectStore>>
  let s3: S3Client
  const config = () => ({
    endpoint: store.endpoint,
    region: 'us-east-1',
    bucket: 'media',
    accessKey: S3RVER_KEY,
    secretKey: S3RVER_KEY,
  })
  beforeAll(async () => {
    store = await startObjectStore()
    s3 = new S3Client(config())
  })
  afterAll(() => store.close())

  it('puts, heads, gets whole and by range, lists and deletes an object', async () => {
    const bytes = randomBytes(200_000)
    const key = 'studio/vneid-basics/01-install.hnj.0196c0de.wav'
    await s3.put(key, bytes, 'audio/wav')
    expect(await s3.head(key)).toEqual({ size: 200_000, mime: 'audio/wav' })
    const whole = await s3.get(key)
    expect(Buffer.from(await whole!.arrayBuffer()).equals(bytes)).toBe(true)
    const part = await s3.get(key, { start: 8, end: 11 })
    expect(part!.status).toBe(206)
    expect(new Uint8Array(await part!.arrayBuffer())).toEqual(new Uint8Array(bytes.subarray(8, 12)))
    const tail = await s3.get(key, { start: 199_990 })
    expect((await tail!.arrayBuffer()).byteLength).toBe(10)
    const listed = []
    for await (const o of s3.list('studio/')) listed.push(o.key)
    expect(listed).toEqual([key])
    await s3.delete(key)
    expect(await s3.head(key)).toBeUndefined()
    expect(await s3.get(key)).toBeUndefined()
    // Deleting what is already gone is no error: an erasure may be finished twice.
    await s3.delete(key)
  })

  it('answers a wrong secret with the store, the key and the variables to check', async () => {
    const wrong = new S3Client({ ...config(), secretKey: 'not-the-secret' })
    const err = await wrong.put('voice/x', new Uint8Array([1, 2, 3]), 'audio/webm').catch((e) => e)
    expect(err).toBeInstanceOf(ObjectStoreError)
    expect(err.message).toMatch(
      /^media store s3:\/\/media at http:\/\/127\.0\.0\.1:\d+: PUT voice\/x failed with 403 SignatureDoesNotMatch .*check HOCSO_MEDIA_S3_ACCESS_KEY and HOCSO_MEDIA_S3_SECRET_KEY$/,
    )
    expect(await s3.head('voice/x')).toBeUndefined()
    await expect(wrong.probe('.hocso-probe')).rejects.toThrow(
      /GET \.hocso-probe failed with 403 SignatureDoesNotMatch/,
    )
  })

  it('answers an unknown access key and a missing bucket clearly', async () => {
    const unknown = new S3Client({ ...config(), accessKey: 'NOBODY' })
    await expect(unknown.probe('.hocso-probe')).rejects.toThrow(
      /403 InvalidAccessKeyId .*check HOCSO_MEDIA_S3_ACCESS_KEY/,
    )
    const nobucket = new S3Client({ ...config(), bucket: 'no-such-bucket' })
    await expect(nobucket.get('voice/x')).rejects.toThrow(
      /^media store s3:\/\/no-such-bucket at .*: GET voice\/x failed with 404 NoSuchBucket .*there is no such bucket/,
    )
  })

  it('says which store cannot be reached, and for which key', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((done) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port
        srv.close(() => done(p))
      })
    })
    const away = new S3Client({ ...config(), endpoint: `http://127.0.0.1:${port}` })
    const err = await away.get('studio/a.wav').catch((e) => e)
    expect(err).toBeInstanceOf(ObjectStoreError)
    expect(err.message).toBe(
      `media store s3://media at http://127.0.0.1:${port}: cannot be reached for GET studio/a.wav (ECONNREFUSED)`,
    )
  })
})
