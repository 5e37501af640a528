/**
 * A QR code as inline SVG (crisp at any print size, a few KB). Error correction M survives a
 * stain or a fold on a printed poster while keeping modules large enough for cheap cameras.
 */
export async function qrSvg(
  text: string,
  opts: { title: string; margin?: number } = { title: 'QR' },
): Promise<string> {
  const { default: QRCode } = await import('qrcode') // loaded when the first code is drawn
  const svg = await QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: opts.margin ?? 4,
    color: { dark: '#000000', light: '#ffffff' },
  })
  const safe = opts.title.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`)
  return svg.replace('<svg ', `<svg role="img" aria-label="${safe}" `)
}
