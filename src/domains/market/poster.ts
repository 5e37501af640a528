import { qrSvg } from '../../core/qr.ts'
import type { Bank } from './vietqr.ts'

/** An A5 sheet (148 × 210 mm) at ten units a millimetre: the poster drawn as one picture. */
const W = 1480
const H = 2100
const QR = 1100

const esc = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** A font size that keeps `text` on one line of the sheet (about 0.6 em a letter, 1,300 units wide). */
const sizeFor = (text: string, max: number) =>
  Math.min(max, Math.floor(1300 / (0.6 * Math.max(1, [...text].length))))

/**
 * The stall poster as a standalone SVG: the trader's name, "Quét mã để thanh toán", the VietQR
 * code, the bank and the account, laid out as the printed A5 page. It is what "save as a picture"
 * shares on Zalo (the page turns it into a PNG), and a file that prints the same anywhere.
 * The words on it are Vietnamese whatever the ambassador's language: it speaks to the buyers.
 */
export async function posterSvg(p: {
  name: string
  payload: string
  bank: Bank
  account: string
}): Promise<string> {
  const qr = await qrSvg(p.payload, { title: `VietQR ${p.bank.shortName} ${p.account}` })
  const x = (W - QR) / 2
  const code = qr.replace(/^<svg /, `<svg x="${x}" y="440" width="${QR}" height="${QR}" `)
  const line = (y: number, size: number, text: string, weight = 400, spacing = 0) =>
    `<text x="${W / 2}" y="${y}" font-size="${size}" font-weight="${weight}"${spacing ? ` letter-spacing="${spacing}"` : ''}>${esc(text)}</text>`
  const bank = `${p.bank.shortName} · ${p.bank.name}`
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(`VietQR · ${p.name}`)}">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<g font-family="'Noto Sans','Roboto','DejaVu Sans',Arial,sans-serif" fill="#000" text-anchor="middle">`,
    line(230, sizeFor(p.name, 120), p.name, 700),
    line(370, 95, 'Quét mã để thanh toán', 700),
    line(1680, sizeFor(bank, 62), bank),
    line(1790, 62, 'Số tài khoản'),
    line(1930, sizeFor(p.account, 100), p.account, 700, 6),
    '</g>',
    code,
    '</svg>',
  ].join('\n')
}

/** A file name made of the trader's name in plain letters: "Lò Thị Xuân" → "vietqr-lo-thi-xuan". */
export function posterFileName(name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u0111\u0110]/g, 'd') // đ, Đ
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
  return `vietqr-${plain || 'poster'}`
}
