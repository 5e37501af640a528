import { BanksObject, QRPay } from 'vietnam-qr-pay'

/**
 * VietQR (NAPAS's profile of the EMVCo merchant-presented QR) through the vietnam-qr-pay library,
 * which encodes and decodes it and carries the bank list. The library only says valid or not, so
 * `inspectVietQR` first walks the TLV fields and the CRC itself to tell a person *what* is wrong.
 */
export type Bank = { bin: string; code: string; shortName: string; name: string }

/**
 * Banks renamed under the same BIN, which the library lists twice (old and new name): the old
 * entry is left out so a trader picks one bank per BIN, under the name on today's signs.
 */
const RENAMED: Record<string, string> = {
  lienvietpostbank: 'lpbank', // 970449: LienVietPostBank → LPBank (2023)
  oceanbank: 'mbv', // 970414: Ocean Bank → MBV (2024)
  dongabank: 'vikki', // 970406: DongA Bank → Vikki Bank (2025)
}

/** Banks that take part in VietQR, from the library's list, one per BIN, by short name. */
export const BANKS: Bank[] = Object.entries(BanksObject)
  .filter(
    ([key, b]) =>
      !(key in RENAMED && RENAMED[key]! in BanksObject) && b.vietQRStatus === 1 && /^\d{6}$/.test(b.bin),
  )
  .map(([, b]) => b)
  .map((b) => ({ bin: b.bin, code: b.code, shortName: b.shortName, name: b.name }))
  .sort((a, b) => a.shortName.localeCompare(b.shortName, 'vi'))

const byBin = new Map(BANKS.map((b) => [b.bin, b]))

/** The bank with this 6-digit BIN, if it takes part in VietQR. */
export function bankByBin(bin: string): Bank | undefined {
  return byBin.get(bin)
}

/** Builds a trader's static VietQR (no amount: the buyer types it) for a bank account. */
export function buildStaticVietQR(bankBin: string, accountNumber: string): string {
  return QRPay.initVietQR({ bankBin, bankNumber: accountNumber }).build()
}

export type VietQRInfo = {
  bank: Bank
  accountNumber: string
  amount: string | null
  purpose: string | null
  static: boolean
}
export type VietQRProblem = { field: string; message: string }

type Tlv = { id: string; value: string; at: number }

function readTlv(s: string, offset = 0): { fields: Tlv[]; error?: VietQRProblem } {
  const fields: Tlv[] = []
  let i = 0
  while (i < s.length) {
    const id = s.slice(i, i + 2)
    const len = s.slice(i + 2, i + 4)
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(len)) {
      return {
        fields,
        error: {
          field: `position ${offset + i + 1}`,
          message: 'expected a 2-digit field id and a 2-digit length',
        },
      }
    }
    const value = s.slice(i + 4, i + 4 + Number(len))
    if (value.length !== Number(len)) {
      return {
        fields,
        error: {
          field: `field ${id}`,
          message: `says ${Number(len)} characters but only ${value.length} remain`,
        },
      }
    }
    fields.push({ id, value, at: offset + i })
    i += 4 + Number(len)
  }
  return { fields }
}

/** Reads a VietQR string: what it pays to, or the first problem found (malformed field, bad checksum, unknown bank). */
export function inspectVietQR(
  raw: string,
): { ok: true; info: VietQRInfo } | { ok: false; problem: VietQRProblem } {
  const s = raw.trim()
  const fail = (field: string, message: string) => ({ ok: false as const, problem: { field, message } })
  if (!s) return fail('payload', 'is empty')
  if (s.length > 512) return fail('payload', 'is longer than any VietQR (512 characters at most)')
  const { fields, error } = readTlv(s)
  if (error) return { ok: false, problem: error }
  const get = (id: string) => fields.find((f) => f.id === id)
  if (get('00')?.value !== '01')
    return fail('field 00 (format)', 'must be 01: this is not an EMVCo payment QR')
  const crc = get('63')
  if (!crc || fields.at(-1) !== crc) return fail('field 63 (checksum)', 'is missing or not last')
  const expected = QRPay.genCRCCode(s.slice(0, crc.at + 4))
  if (crc.value.toUpperCase() !== expected) {
    return fail(
      'field 63 (checksum)',
      `is ${crc.value} but the content gives ${expected}: the code was changed or misread`,
    )
  }
  const merchant = get('38')
  if (!merchant) return fail('field 38 (account)', 'is missing: this QR does not name a VietQR account')
  const inner = readTlv(merchant.value, merchant.at + 4)
  if (inner.error) return { ok: false, problem: inner.error }
  if (inner.fields.find((f) => f.id === '00')?.value !== 'A000000727')
    return fail('field 38.00 (GUID)', 'is not the NAPAS VietQR identifier')
  const consumer = inner.fields.find((f) => f.id === '01')
  if (!consumer) return fail('field 38.01 (beneficiary)', 'is missing')
  const bene = readTlv(consumer.value, consumer.at + 4)
  if (bene.error) return { ok: false, problem: bene.error }
  const bin = bene.fields.find((f) => f.id === '00')?.value ?? ''
  const account = bene.fields.find((f) => f.id === '01')?.value ?? ''
  if (!/^\d{6}$/.test(bin)) return fail('field 38.01.00 (bank)', 'must be a 6-digit bank BIN')
  const bank = bankByBin(bin)
  if (!bank) return fail('field 38.01.00 (bank)', `${bin} is not a bank that takes part in VietQR`)
  if (!/^[0-9A-Za-z]{1,19}$/.test(account))
    return fail('field 38.01.01 (account)', 'must be 1 to 19 letters or digits')
  if (get('53') && get('53')!.value !== '704')
    return fail('field 53 (currency)', 'must be 704 (Vietnamese đồng)')
  const q = new QRPay(s)
  if (!q.isValid) return fail('payload', 'could not be decoded as a VietQR')
  return {
    ok: true,
    info: {
      bank,
      accountNumber: account,
      amount: q.amount ?? null,
      purpose: q.additionalData?.purpose ?? null,
      static: get('01')?.value !== '12',
    },
  }
}
