import type { TestEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { lessonSource } from '../learning/studio.bridge.ts'
import { segmentsOf } from './studio.segments.ts'

/** Test factories of the studio: marked fixture translations and generated recordings. */

/** A fixture "translation" of one segment: never real Hmong or Tai Dam, always marked. */
export const fixtureText = (lang: string, key: string) => `[TEST FIXTURE ${lang}] ${key} placeholder`

/** A WAV file of a 440 Hz test tone (8 kHz, 8-bit mono), `seconds` long; amplitude 0 makes silence. */
export function testToneWav(seconds: number, rate = 8000, amplitude = 100): Uint8Array<ArrayBuffer> {
  const n = Math.round(seconds * rate)
  const b = new Uint8Array(44 + n)
  const dv = new DataView(b.buffer)
  const w = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) b[at + i] = s.charCodeAt(i)
  }
  w(0, 'RIFF')
  dv.setUint32(4, 36 + n, true)
  w(8, 'WAVE')
  w(12, 'fmt ')
  dv.setUint32(16, 16, true)
  dv.setUint16(20, 1, true)
  dv.setUint16(22, 1, true)
  dv.setUint32(24, rate, true)
  dv.setUint32(28, rate, true)
  dv.setUint16(32, 1, true)
  dv.setUint16(34, 8, true)
  w(36, 'data')
  dv.setUint32(40, n, true)
  for (let i = 0; i < n; i++)
    b[44 + i] = 128 + Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / rate))
  return b
}

/** The draft facts a translator's outbox would send for every segment of a lesson. */
export async function draftFacts(env: TestEnv, slug: string, key: string, lang: string, at: Date) {
  const src = await lessonSource(env.ctx, slug, key)
  return segmentsOf(src.title, src.body, src.questions).map((s, i) => ({
    id: uuidv7(at.getTime() + i),
    kind: 'translation_draft_saved',
    occurred_at: new Date(at.getTime() + i).toISOString(),
    data: {
      course: slug,
      lesson: key,
      lang,
      segment: s.key,
      text: fixtureText(lang, s.key),
      source: s.source,
    },
  }))
}
