import type { FieldIssue } from '../../core/errors.ts'
import { type Locale, type MessageKey, t } from '../../core/i18n.ts'

/**
 * The sign-in and sign-up errors in the reader's language. Errors are made in English (the API and
 * the logs speak it, and tests read it); the pages people meet first, often on their first
 * smartphone, say them in Vietnamese or French too. A message not in this list is shown as made.
 */
type Say = (m: RegExpExecArray) => string
const RULES: { re: RegExp; vi: Say; fr: Say }[] = [
  { re: /^required$/, vi: () => 'cần điền', fr: () => 'à remplir' },
  {
    re: /^wrong phone number, username or password$/,
    vi: () => 'số điện thoại, tên đăng nhập hoặc mật khẩu không đúng',
    fr: () => 'numéro, identifiant ou mot de passe incorrect',
  },
  {
    re: /^too many failed attempts; try again in (\d+) (seconds?|minutes)$/,
    vi: (m) => `nhập sai quá nhiều lần; hãy đợi ${m[1]} ${m[2] === 'minutes' ? 'phút' : 'giây'} rồi thử lại`,
    fr: (m) =>
      `trop d’essais manqués ; réessayez dans ${m[1]} ${m[2] === 'minutes' ? 'minutes' : m[1] === '1' ? 'seconde' : 'secondes'}`,
  },
  {
    re: /^must be 10 digits starting with 0, or \+84 and 9 digits$/,
    vi: () => 'cần 10 chữ số, bắt đầu bằng số 0 (hoặc +84 và 9 chữ số)',
    fr: () => '10 chiffres commençant par 0 (ou +84 et 9 chiffres)',
  },
  {
    re: /^must be at least (\d+) characters$/,
    vi: (m) => `cần ít nhất ${m[1]} ký tự`,
    fr: (m) => `au moins ${m[1]} caractères`,
  },
  {
    re: /^must be at most (\d+) characters$/,
    vi: (m) => `tối đa ${m[1]} ký tự`,
    fr: (m) => `au plus ${m[1]} caractères`,
  },
  {
    re: /^you must agree to how your data is used$/,
    vi: () => 'bạn cần đánh dấu ô đồng ý để tạo tài khoản',
    fr: () => 'cochez la case d’accord pour créer le compte',
  },
  { re: /^must be a year$/, vi: () => 'cần ghi năm, ví dụ 1985', fr: () => 'une année, par exemple 1985' },
  { re: /^must be 1900 or later$/, vi: () => 'từ năm 1900 trở đi', fr: () => '1900 ou après' },
  {
    re: /^must be (\d{4}) or earlier$/,
    vi: (m) => `không sau năm ${m[1]}`,
    fr: (m) => `${m[1]} au plus tard`,
  },
  {
    re: /^phone: (\S+) already has an account$/,
    vi: (m) => `số ${m[1]} đã có tài khoản: hãy đăng nhập`,
    fr: (m) => `le numéro ${m[1]} a déjà un compte : connectez-vous`,
  },
]

const FIELDS: Record<string, MessageKey> = {
  login: 'people.login.login',
  password: 'people.password',
  display_name: 'people.name',
  phone: 'people.phone',
  birth_year: 'people.year',
  place_code: 'people.place',
  consent: 'people.consent.short',
}

/** The issue as a sentence in `l` ("Mật khẩu: cần ít nhất 8 ký tự"), or null when not known. */
export function localIssue(l: Locale, issue: FieldIssue): string | null {
  if (l === 'en') return null
  for (const r of RULES) {
    const m = r.re.exec(issue.message)
    if (!m) continue
    const text = r[l](m)
    // A message that already names its subject (the phone number) needs no field label.
    if (issue.field === 'form' || !FIELDS[issue.field]) return text.charAt(0).toUpperCase() + text.slice(1)
    return `${t(l, FIELDS[issue.field]!)}${l === 'fr' ? ' : ' : ': '}${text}`
  }
  return null
}
