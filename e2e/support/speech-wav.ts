import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A voice-like test signal for Chromium's fake microphone (`--use-file-for-fake-audio-capture`):
 * no one's speech, no language, only a tone shaped like syllables, so the recorder's codec works
 * as it does on speech. Used by the voice browser test and bench/voice.bench.ts, through
 * `fakeMicrophone()`, the one place that writes it.
 */

/** Chromium's flags for a fake microphone playing the test signal, and the removal of its file. */
export type FakeMicrophone = { args: string[]; dispose: () => void }

/**
 * Writes the test signal to a temporary WAV file and gives the flags that make Chromium's
 * microphone play it (permission granted without asking); `dispose` removes the file.
 */
export function fakeMicrophone(): FakeMicrophone {
  const dir = mkdtempSync(join(tmpdir(), 'hocso-fake-mic-'))
  const wav = join(dir, 'speech.wav')
  writeFileSync(wav, speechLikeWav())
  return {
    args: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
    ],
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}
/**
 * 16-bit 48 kHz mono, 4 s: a 180 Hz voice-like tone with harmonics, its loudness rising and falling
 * four times a second like syllables (Chromium loops the file as the microphone's input).
 */
export function speechLikeWav(seconds = 4, rate = 48_000): Uint8Array {
  const n = seconds * rate
  const b = new Uint8Array(44 + n * 2)
  const dv = new DataView(b.buffer)
  const w = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) b[at + i] = s.charCodeAt(i)
  }
  w(0, 'RIFF')
  dv.setUint32(4, 36 + n * 2, true)
  w(8, 'WAVE')
  w(12, 'fmt ')
  dv.setUint32(16, 16, true)
  dv.setUint16(20, 1, true)
  dv.setUint16(22, 1, true)
  dv.setUint32(24, rate, true)
  dv.setUint32(28, rate * 2, true)
  dv.setUint16(32, 2, true)
  dv.setUint16(34, 16, true)
  w(36, 'data')
  dv.setUint32(40, n * 2, true)
  for (let i = 0; i < n; i++) {
    const t = i / rate
    const env = 0.25 + 0.75 * Math.abs(Math.sin(2 * Math.PI * 2 * t))
    const f = 180 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.5 * t))
    const v =
      Math.sin(2 * Math.PI * f * t) +
      0.5 * Math.sin(4 * Math.PI * f * t) +
      0.25 * Math.sin(6 * Math.PI * f * t)
    dv.setInt16(44 + i * 2, Math.round(env * v * 9000), true)
  }
  return b
}
