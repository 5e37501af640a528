/**
 * The QR code of a certificate as inline SVG, drawn on the server so the page needs no script.
 * Error correction M survives a crease or a smudge on paper while staying small enough to scan
 * from a phone screen.
 */
export async function qrSvg(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode') // loaded when the first code is drawn
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  })
}
