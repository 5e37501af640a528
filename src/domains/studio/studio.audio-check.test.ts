import { describe, expect, it } from 'vitest'
import { audioInfo, sniffAudio } from './studio.audio-check.ts'
import { testToneWav } from './studio.fixtures.ts'

/** Hand-built containers: the smallest files that carry a type and a length. */
const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const le = (n: number, size: number) => Array.from({ length: size }, (_, i) => Math.floor(n / 256 ** i) & 255)

function oggOpus(samples48k: number): Uint8Array {
  const page = (granule: number, payload: number[]) => [
    ...bytes('OggS'),
    0,
    0,
    ...le(granule, 8),
    ...le(1, 4),
    ...le(0, 4),
    ...le(0, 4),
    1,
    payload.length,
    ...payload,
  ]
  const head = [...bytes('OpusHead'), 1, 1, ...le(312, 2), ...le(48000, 4), 0, 0, 0]
  return new Uint8Array([...page(0, head), ...page(samples48k + 312, [0, 0, 0])])
}

function mp4(seconds: number): Uint8Array {
  const mvhd = [
    ...u32be(108),
    ...bytes('mvhd'),
    0,
    0,
    0,
    0,
    ...u32be(0),
    ...u32be(0),
    ...u32be(1000),
    ...u32be(seconds * 1000),
    ...new Array(80).fill(0),
  ]
  const moov = [...u32be(8 + mvhd.length), ...bytes('moov'), ...mvhd]
  return new Uint8Array([...u32be(16), ...bytes('ftypM4A '), 0, 0, 0, 0, ...moov])
}

function webm(lastBlockMs: number): Uint8Array {
  // EBML header, Segment and Cluster of unknown size (as MediaRecorder writes them), a Timecode and a SimpleBlock.
  const ebml = [0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x82, 0x81, 0x77]
  const segment = [0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
  const cluster = [0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
  const tc = [0xe7, 0x82, (lastBlockMs >> 8) & 255, lastBlockMs & 255]
  const block = [0xa3, 0x85, 0x81, 0x00, 0x00, 0x80, 0x00]
  return new Uint8Array([...ebml, ...segment, ...cluster, ...tc, ...block])
}

describe('recording checks by content', () => {
  it('reads the type from magic bytes and the length from the headers', () => {
    expect(audioInfo(testToneWav(1.5))).toEqual({ kind: { mime: 'audio/wav', ext: 'wav' }, durationMs: 1500 })
    expect(audioInfo(oggOpus(48000 * 3))).toEqual({
      kind: { mime: 'audio/ogg', ext: 'ogg' },
      durationMs: 3000,
    })
    expect(audioInfo(mp4(42))).toEqual({ kind: { mime: 'audio/mp4', ext: 'm4a' }, durationMs: 42000 })
    expect(audioInfo(webm(4980))).toEqual({ kind: { mime: 'audio/webm', ext: 'webm' }, durationMs: 5000 })
  })

  it('refuses what is not a recording, whatever it is called', () => {
    expect(sniffAudio(bytes('%PDF-1.7 not audio'))).toBeNull()
    expect(sniffAudio(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBeNull()
    expect(audioInfo(bytes('ID3', [4, 0, 0, 0, 0, 0, 0]))).toBeNull()
  })
})
