/**
 * Checks an uploaded recording by its bytes, never its name: the container is recognised by its
 * magic bytes and the duration is read from the container's own headers (WAV data size / byte
 * rate, the last Ogg page's granule position, WebM cluster and block timecodes, MP4 mvhd or the
 * fragments' sample durations). Nothing is decoded, so a check costs one pass over the header
 * structures, and no audio library is needed.
 */
export type AudioKind = { mime: string; ext: string }
export type AudioInfo = AudioKind & { durationMs: number }

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n))

/** The container of the bytes, or null when they are not a recording we accept. */
export function sniffAudio(b: Uint8Array): AudioKind | null {
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WAVE')
    return { mime: 'audio/wav', ext: 'wav' }
  if (b.length >= 4 && ascii(b, 0, 4) === 'OggS') return { mime: 'audio/ogg', ext: 'ogg' }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3)
    return { mime: 'audio/webm', ext: 'webm' }
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') return { mime: 'audio/mp4', ext: 'm4a' }
  return null
}

/** Container and duration; null duration when the headers do not tell it. */
export function audioInfo(b: Uint8Array): { kind: AudioKind; durationMs: number | null } | null {
  const kind = sniffAudio(b)
  if (!kind) return null
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  let ms: number | null = null
  try {
    if (kind.ext === 'wav') ms = wavDuration(b, dv)
    else if (kind.ext === 'ogg') ms = oggDuration(b, dv)
    else if (kind.ext === 'webm') ms = webmDuration(b)
    else ms = mp4Duration(b, dv)
  } catch {
    ms = null
  }
  return { kind, durationMs: ms !== null && Number.isFinite(ms) && ms > 0 ? Math.round(ms) : null }
}

function wavDuration(b: Uint8Array, dv: DataView): number | null {
  let byteRate = 0
  let at = 12
  while (at + 8 <= b.length) {
    const id = ascii(b, at, 4)
    const size = dv.getUint32(at + 4, true)
    if (id === 'fmt ') byteRate = dv.getUint32(at + 16, true)
    if (id === 'data') {
      const bytes = Math.min(size, b.length - at - 8)
      return byteRate ? (bytes / byteRate) * 1000 : null
    }
    at += 8 + size + (size % 2)
  }
  return null
}

function oggDuration(b: Uint8Array, dv: DataView): number | null {
  // The first page says the codec; the last page's granule position is the sample count.
  const head = ascii(b, 28, 8)
  let rate = 0
  let preSkip = 0
  if (head === 'OpusHead') {
    rate = 48_000
    preSkip = dv.getUint16(28 + 10, true)
  } else if (ascii(b, 29, 6) === 'vorbis') rate = dv.getUint32(28 + 12, true)
  if (!rate) return null
  for (let at = b.length - 14; at >= 0; at--) {
    if (b[at] === 0x4f && ascii(b, at, 4) === 'OggS') {
      const granule = Number(dv.getBigUint64(at + 6, true))
      return ((granule - preSkip) / rate) * 1000
    }
  }
  return null
}

/** Reads an EBML variable-length integer: its length and value (all-ones = unknown size). */
function vint(
  b: Uint8Array,
  at: number,
  keepMarker: boolean,
): { len: number; value: number; unknown: boolean } {
  const first = b[at]!
  let len = 1
  while (len <= 8 && !(first & (0x80 >> (len - 1)))) len++
  if (len > 8) throw new Error('bad EBML length')
  let value = keepMarker ? first : first & (0xff >> len)
  let ones = (first & (0xff >> len)) === 0xff >> len
  for (let i = 1; i < len; i++) {
    value = value * 256 + b[at + i]!
    if (b[at + i] !== 0xff) ones = false
  }
  return { len, value, unknown: !keepMarker && ones }
}

function webmDuration(b: Uint8Array): number | null {
  const SEGMENT = 0x18538067
  const INFO = 0x1549a966
  const CLUSTER = 0x1f43b675
  const containers = new Set([SEGMENT, INFO, CLUSTER])
  let scale = 1_000_000
  let declared: number | null = null
  let cluster = 0
  let last = 0
  let at = 0
  while (at < b.length) {
    const id = vint(b, at, true)
    const size = vint(b, at + id.len, false)
    const start = at + id.len + size.len
    if (containers.has(id.value)) {
      at = start // descend (sizes may be unknown while recording)
      continue
    }
    const end = size.unknown ? b.length : start + size.value
    if (end > b.length && id.value !== 0xa3 && id.value !== 0xa0) break
    const uint = () => {
      let v = 0
      for (let i = start; i < end; i++) v = v * 256 + b[i]!
      return v
    }
    if (id.value === 0x2ad7b1) scale = uint()
    else if (id.value === 0x4489) {
      const dv = new DataView(b.buffer, b.byteOffset + start, size.value)
      declared = size.value === 4 ? dv.getFloat32(0) : dv.getFloat64(0)
    } else if (id.value === 0xe7) cluster = uint()
    else if (id.value === 0xa3 || id.value === 0xa0) {
      // SimpleBlock (or BlockGroup): track number, then a signed 16-bit timecode relative to the cluster.
      const inner =
        id.value === 0xa0 ? start + vint(b, start, true).len + vint(b, start + 1, false).len : start
      const track = vint(b, inner, false)
      const rel = (b[inner + track.len]! << 8) | b[inner + track.len + 1]!
      last = Math.max(last, cluster + (rel > 0x7fff ? rel - 0x10000 : rel))
    }
    at = Math.min(end, b.length)
  }
  if (declared) return (declared * scale) / 1e6
  // The last block's start; one Opus frame (20 ms) more is its end.
  return last ? (last * scale) / 1e6 + 20 : null
}

function mp4Duration(b: Uint8Array, dv: DataView): number | null {
  let mvhd: number | null = null
  let timescale = 0
  let trackScale = 0
  let defaultDur = 0
  let fragments = 0
  const walk = (from: number, to: number) => {
    let at = from
    while (at + 8 <= to) {
      let size = dv.getUint32(at)
      const type = ascii(b, at + 4, 4)
      let head = 8
      if (size === 1) {
        size = Number(dv.getBigUint64(at + 8))
        head = 16
      } else if (size === 0) size = to - at
      const body = at + head
      const end = Math.min(at + size, to)
      if (['moov', 'trak', 'mdia', 'mvex', 'moof', 'traf'].includes(type)) walk(body, end)
      else if (type === 'mvhd' || type === 'mdhd') {
        const v1 = b[body] === 1
        const ts = dv.getUint32(body + (v1 ? 20 : 12))
        const d = v1 ? Number(dv.getBigUint64(body + 24)) : dv.getUint32(body + 16)
        if (type === 'mvhd') {
          timescale = ts
          mvhd = d ? (d / ts) * 1000 : null
        } else trackScale = ts
      } else if (type === 'trex') defaultDur = dv.getUint32(body + 16)
      else if (type === 'tfhd') {
        const flags = dv.getUint32(body) & 0xffffff
        let p = body + 8
        if (flags & 0x1) p += 8
        if (flags & 0x2) p += 4
        if (flags & 0x8) defaultDur = dv.getUint32(p)
      } else if (type === 'trun') {
        const flags = dv.getUint32(body) & 0xffffff
        const count = dv.getUint32(body + 4)
        let p = body + 8
        if (flags & 0x1) p += 4
        if (flags & 0x4) p += 4
        const per = [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length * 4
        for (let i = 0; i < count; i++) {
          fragments += flags & 0x100 ? dv.getUint32(p) : defaultDur
          p += per
        }
      }
      at = at + size
      if (size < 8) break
    }
  }
  walk(0, b.length)
  if (mvhd) return mvhd
  const scale = trackScale || timescale
  return fragments && scale ? (fragments / scale) * 1000 : null
}
