import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core'
import { fieldError } from '../../core/errors.ts'

/**
 * Refuses common and trivial passwords with zxcvbn-ts (decision 0176): its dictionaries of leaked
 * passwords, names and words (common, English and French, bundled in the packages: nothing is
 * downloaded), keyboard patterns, sequences and repeats, plus what the person typed elsewhere in
 * the form (phone, login, name) and a few Vietnamese favourites. A score under 2 (fewer than about
 * a million guesses) is refused, with the reason in the person's language.
 */
const MIN_SCORE = 2

// Common Vietnamese passwords and words of this project that the bundled lists do not hold.
const VIETNAMESE = [
  'matkhau',
  'matkhau123',
  'anhyeuem',
  'emyeuanh',
  'yeuem',
  'iloveyou',
  'vietnam',
  'dienbien',
  'dienbienphu',
  'muongcha',
  'hocso',
  'hocso123',
  'binhdanhocvuso',
  'demo1234',
  'hanoi',
  'saigon',
]

let factory: Promise<ZxcvbnFactory> | undefined

// Loaded on first use: the dictionaries take a moment to index and most requests never need them.
function zxcvbn(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, fr] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-fr'),
    ])
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary, vi: VIETNAMESE },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    })
  })()
  return factory
}

/** Why a password was refused: one of the `people.password.*` catalogue keys. */
export type WeakReason = 'personal' | 'common' | 'pattern' | 'guessable'

function reasonOf(r: ZxcvbnResult): WeakReason {
  const patterns = r.sequence
  if (patterns.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs')) return 'personal'
  if (patterns.some((m) => m.pattern === 'dictionary')) return 'common'
  if (patterns.some((m) => ['sequence', 'repeat', 'spatial', 'date'].includes(m.pattern))) return 'pattern'
  return 'guessable'
}

/** The reasons in English (the API, the command line and the logs). */
export const WEAK_MESSAGES: Record<WeakReason, string> = {
  personal: 'too easy to guess: it is (or contains) your phone number, login or name',
  common: 'too easy to guess: it is one of the most common passwords or words',
  pattern: 'too easy to guess: a sequence, repetition or keyboard row such as 12345678 or aaaaaaaa',
  guessable: 'too easy to guess: make it longer, for example three words you will remember',
}

/** The reason a password is too weak, or null when it is strong enough. */
export async function weakness(
  password: string,
  personal: (string | null | undefined)[],
): Promise<WeakReason | null> {
  const inputs = personal.filter((s): s is string => !!s).flatMap((s) => [s, ...s.split(/\s+/)])
  const r = (await zxcvbn()).check(password, inputs)
  return r.score >= MIN_SCORE ? null : reasonOf(r)
}

/** Throws a 400 naming `password` and saying why, in the person's language, when it is too weak. */
export async function assertStrongPassword(
  password: string,
  personal: (string | null | undefined)[],
): Promise<void> {
  const why = await weakness(password, personal)
  if (why) throw fieldError('validation', 'password', WEAK_MESSAGES[why], `people.password.${why}`)
}
