import { writeFileSync } from 'node:fs'
import QRCode from 'qrcode'

/**
 * A video file for Chromium's fake camera (`--use-file-for-fake-video-capture`): a QR code of
 * `text`, black on white, held still in the middle of a 640 × 480 picture, as a phone sees a badge
 * or a stall poster. Y4M (raw YUV 4:2:0), made here from the code's modules: nothing downloaded.
 */
export function qrVideo(path: string, text: string, opts: { width?: number; height?: number } = {}): string {
  const W = opts.width ?? 640
  const H = opts.height ?? 480
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const quiet = 4
  const scale = Math.floor((Math.min(W, H) * 0.85) / (n + 2 * quiet))
  const side = (n + 2 * quiet) * scale
  const ox = Math.floor((W - side) / 2) + quiet * scale
  const oy = Math.floor((H - side) / 2) + quiet * scale
  // Luma: white paper (235, video range), black modules (16); chroma: grey (128).
  const y = Buffer.alloc(W * H, 235)
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue
      for (let dy = 0; dy < scale; dy++)
        y.fill(
          16,
          (oy + r * scale + dy) * W + ox + c * scale,
          (oy + r * scale + dy) * W + ox + (c + 1) * scale,
        )
    }
  const uv = Buffer.alloc((W / 2) * (H / 2), 128)
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, uv, uv])
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]))
  return path
}
