import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ZxcvbnResult } from '@zxcvbn-ts/core'
import { fieldError } from '../../core/errors.ts'

/**
 * Refuses common and trivial passwords with zxcvbn-ts (decision 0176): its dictionaries of leaked
 * passwords, names and words (common, English and French, bundled in the packages: nothing is
 * downloaded), keyboard patterns, sequences and repeats, plus what the person typed elsewhere in
 * the form (phone, login, name) and a few Vietnamese favourites. A score under 2 (fewer than about
 * a million guesses) is refused, with the reason in the person's language.
 */
const MIN_SCORE = 2

/** Common Vietnamese passwords and words of this project that the bundled lists do not hold. */
export const VIETNAMESE = [
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

/**
 * zxcvbn runs in a process of its own, started at the first password check and ended after
 * `STRENGTH.idleMs` without one. Its dictionaries take about 35 MB of heap (60 MB resident) and a
 * check about 100 ms of CPU: in the server's own thread they stayed for the life of the process
 * after the first sign-up (a hub's memory, issue 17) and each check held up every other request.
 * A worker thread was tried first: V8 kept about 45 MB of a finished worker's heap in the server
 * for good. A class signing up at once starts the checker once (its checks queue up, so it is never
 * idle meanwhile); when it ends, all of its memory goes back to the system. It ends after 1 s idle,
 * not 5: checks come before the password's hash, so a class's checks are over seconds before the
 * last of its sign-ups is answered, and the checker (then about 110 MB resident) outlived the
 * sign-ups; someone signing up alone later starts it again, for a fifth of a second of the other CPU.
 * A password waiting to be hashed ends it sooner, as soon as the checks sent are answered
 * (`giveWay`). Its word lists are kept compact (password-checker.cjs, decision 0209): 65–75 MB.
 */
export const STRENGTH = { idleMs: 1_000 }

// The checker's code (plain CommonJS, found from the sources and from the built dist/ alike) and the
// word lists the build sorted for it (decision 0209); without them it sorts the packages' own.
const CHECKER = fileURLToPath(new URL('./password-checker.cjs', import.meta.url))
const LISTS = fileURLToPath(new URL('../../../dist/password-lists.json', import.meta.url))

/** What a check sends back: the score and the kinds of pattern it found. */
type Checked = Pick<ZxcvbnResult, 'score'> & {
  sequence: { pattern: string; dictionaryName?: string }[]
}

type Pending = { resolve: (r: Checked) => void; reject: (e: Error) => void }
/**
 * A checker process, the checks sent to it and not answered yet, whether a hash waits for it to end
 * (`giveWay`), and when it has ended.
 */
type Checker = {
  child: ChildProcess
  pending: Map<number, Pending>
  givingWay: boolean
  exited: Promise<void>
}
let checker: Checker | undefined
// Checkers not yet ended: the one in use, and any told to stop that has not exited yet.
const alive = new Set<Checker>()
let idle: NodeJS.Timeout | undefined
let nextId = 0

/** True while the process holding the dictionaries is alive (tests, the bench). */
export const strengthCheckerRunning = () => checker !== undefined

// Kept alive only while a check waits: an idle server (or a command that has finished) does not
// wait for it.
function hold(c: ChildProcess, on: boolean): void {
  if (on) {
    c.ref()
    c.channel?.ref()
  } else {
    c.unref()
    c.channel?.unref()
  }
}

function startChecker(): Checker {
  // A small young generation and a 64 MB old one: with V8's defaults each check's garbage piled
  // up to 180 MB over 30 sign-ups. With 1 MiB semi-spaces instead of 2 and the garbage of reading
  // the lists collected at once (`gc`), 30 checks end at 72 MB instead of 86, in about the same time.
  const flags = ['--max-semi-space-size=1', '--max-old-space-size=64', '--expose-gc']
  const child = spawn(process.execPath, [...flags, CHECKER], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, HOCSO_STRENGTH_SETUP: JSON.stringify({ lists: LISTS, vi: VIETNAMESE }) },
  })
  let exited = () => {}
  const me: Checker = {
    child,
    pending: new Map(),
    givingWay: false,
    exited: new Promise<void>((r) => {
      exited = r
    }),
  }
  alive.add(me)
  child.on('message', (m: { id: number; result?: Checked; error?: string }) => {
    const p = me.pending.get(m.id)
    me.pending.delete(m.id)
    if (m.result) p?.resolve(m.result)
    else p?.reject(new Error(`password check: ${m.error}`))
    if (!me.pending.size) {
      hold(child, false)
      if (me.givingWay) end(me)
      else idleSoon(me)
    }
  })
  const gone = (err: Error) => {
    if (checker === me) checker = undefined
    alive.delete(me)
    exited()
    for (const p of me.pending.values()) p.reject(err)
    me.pending.clear()
  }
  child.on('error', gone)
  child.on('exit', (code, signal) =>
    gone(new Error(`password check: the checker stopped (${code ?? signal})`)),
  )
  return me
}

function end(me: Checker): void {
  if (checker === me) {
    checker = undefined
    clearTimeout(idle)
  }
  me.child.kill()
}

function idleSoon(me: Checker): void {
  clearTimeout(idle)
  idle = setTimeout(() => {
    if (checker === me && !me.pending.size) end(me)
  }, STRENGTH.idleMs)
  idle.unref()
}

/**
 * Ends the checker once the checks sent to it are answered (at once when there are none), instead
 * of after `STRENGTH.idleMs`; resolves when it has exited (undefined: no checker is alive, not even
 * one told to stop that has not exited yet). A password hash waits for it (password.ts, decision
 * 0209), so that a hash's 16 MiB and the checker's 70 MB are not taken at the same time: a class
 * signing up has all its passwords checked, then hashed.
 */
export function giveWay(): Promise<void> | undefined {
  if (!alive.size) return undefined
  for (const me of alive) {
    me.givingWay = true
    if (!me.pending.size) end(me)
  }
  return Promise.all([...alive].map((me) => me.exited)).then(() => {})
}

function check(password: string, inputs: string[]): Promise<Checked> {
  checker ??= startChecker()
  clearTimeout(idle)
  const id = nextId++
  const me = checker
  hold(me.child, true)
  return new Promise((resolve, reject) => {
    me.pending.set(id, { resolve, reject })
    me.child.send({ id, password, inputs })
  })
}

/** Why a password was refused: one of the `people.password.*` catalogue keys. */
export type WeakReason = 'personal' | 'common' | 'pattern' | 'guessable'

function reasonOf(r: Checked): WeakReason {
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
  const r = await check(password, inputs)
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
