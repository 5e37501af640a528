import { randomInt } from 'node:crypto'
import { CODE_ALPHABET, CODE_LENGTH } from './events.schemas.ts'

/**
 * A fresh check-in code not in `taken`. 26^6 ≈ 3·10^8 codes per event, so a collision is rare
 * even for a festival of thousands; the unique index (event, code) is the final guard.
 */
export function newCode(taken: Set<string>): string {
  for (;;) {
    let code = ''
    for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
    if (!taken.has(code)) {
      taken.add(code)
      return code
    }
  }
}
