import jsQRPkg from 'jsqr'

// jsqr is CommonJS with `exports.default`; depending on the loader the function is one level deep.
type JsQR = typeof jsQRPkg.default
const jsQR: JsQR = (jsQRPkg as unknown as { default?: JsQR }).default ?? (jsQRPkg as unknown as JsQR)

/**
 * Rasterises the SVG that the `qrcode` package renders (a stroked path of `M x y h n m dx dy`
 * runs, one unit per module) into RGBA pixels and decodes it with jsQR, the way a phone camera
 * would read the printed code. Tests use it to check what a rendered page really encodes.
 */
export function decodeQrSvg(svg: string, scale = 8): string | null {
  const vb = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)
  if (!vb) throw new Error('no viewBox in QR svg')
  const size = Number(vb[1])
  const d = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1]
  if (!d) throw new Error('no dark path in QR svg')
  const dark = new Uint8Array(size * size)
  let x = 0
  let y = 0
  for (const [, cmd, a, b] of d.matchAll(/([MmHh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?/g)) {
    const n = Number(a)
    if (cmd === 'M') {
      x = n
      y = Math.floor(Number(b))
    } else if (cmd === 'm') {
      x += n
      y += Math.floor(Number(b ?? 0) + 0.5) === 0 ? 0 : Number(b)
    } else {
      const len = cmd === 'h' ? n : n - x
      for (let i = 0; i < len; i++) dark[Math.floor(y) * size + x + i] = 1
      x += len
    }
  }
  const px = size * scale
  const rgba = new Uint8ClampedArray(px * px * 4)
  for (let py = 0; py < px; py++)
    for (let qx = 0; qx < px; qx++) {
      const v = dark[Math.floor(py / scale) * size + Math.floor(qx / scale)] ? 0 : 255
      const o = (py * px + qx) * 4
      rgba[o] = rgba[o + 1] = rgba[o + 2] = v
      rgba[o + 3] = 255
    }
  return jsQR(rgba, px, px)?.data ?? null
}
