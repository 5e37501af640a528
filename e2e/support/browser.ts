import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

export const CHROMIUM = process.env.HOCSO_CHROMIUM ?? '/usr/bin/chromium'
/** Headless, and nothing that would talk to the outside world: no update, sync or background fetch. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts')

/** A phone: 360 × 740, touch, as the learners of the province hold it. */
export const PHONE = { width: 360, height: 740 }

/**
 * Debian's Chromium, headless, with everything that would talk to the outside world turned off;
 * `extra` adds flags (a fake microphone for the recording tests).
 */
export function launch(extra: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extra],
  })
}

const errors = new WeakMap<BrowserContext, string[]>()

/** Uncaught errors of every page of a context made by phoneContext (a broken script fails the test). */
export function pageErrors(context: BrowserContext): string[] {
  return errors.get(context) ?? []
}

/** A fresh profile (no cookies, no service worker, no storage) at phone size, Vietnamese first. */
export async function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await newPhoneContext(browser, baseURL)
  const list: string[] = []
  errors.set(context, list)
  context.on('weberror', (e) => list.push(`${e.page()?.url() ?? '?'}: ${e.error().message}`))
  return context
}

function newPhoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: PHONE,
    deviceScaleFactor: 1,
    hasTouch: true,
    isMobile: false,
    locale: 'vi-VN',
    serviceWorkers: 'allow',
  })
}

/** Signs in through the real login form. */
export async function login(page: Page, who: string, password = 'demo1234'): Promise<void> {
  await page.goto('/login')
  await page.fill('input[name=login]', who)
  await page.fill('input[name=password]', password)
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.click('form.stack button[type=submit]'),
  ])
}

/**
 * Follows a menu entry as a person does: a tap on it in the bar, or on "more" first when it is one
 * tap further. Returns the taps it took (1 or 2).
 */
export async function openNav(page: Page, href: string): Promise<number> {
  const link = page.locator(`nav.menu a[href="${href}"]`)
  let taps = 0
  if (!(await link.isVisible())) {
    await page.click('nav.menu details.more > summary')
    taps++
  }
  await Promise.all([
    page.waitForURL((u) => u.pathname === href || u.pathname.startsWith(`${href}/`)),
    link.click(),
  ])
  return taps + 1
}

/** Waits until the service worker is active (its shell precached) and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  // A page whose navigation was still under way when the worker activated is not claimed by it
  // (the browser had only reserved its client) and stays uncontrolled; the next page a person
  // opens is controlled, and so is this one once reloaded.
  const claimed = await page
    .waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 5_000 })
    .then(
      () => true,
      () => false,
    )
  if (!claimed) await page.reload()
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, undefined, { timeout: 30_000 })
}

/** Saves a screenshot under e2e/artifacts (not committed) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

/** axe-core on the page as it is now: returns the serious and critical violations, readable. */
export async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${page.url()}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    )
}

/**
 * Presses Tab through the whole page and returns the visible controls that never got the focus
 * (links, buttons, fields, summaries), each described by its tag and text.
 */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const total = await page.evaluate(() => {
    const all = [
      ...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary'),
    ]
    const visible = all.filter((e) => {
      if ((e as HTMLInputElement).type === 'hidden' || (e as HTMLButtonElement).disabled) return false
      const r = e.getBoundingClientRect()
      const s = getComputedStyle(e)
      // The content of a closed <details> keeps its size (Chromium hides it with content-visibility),
      // yet nobody sees it or can tab to it until the summary opens it.
      if (!e.checkVisibility()) return false
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
    })
    visible.forEach((e, i) => {
      e.dataset.kbd = String(i)
    })
    ;(window as unknown as { __seen: Set<string> }).__seen = new Set()
    document.addEventListener('focusin', (ev) => {
      const k = (ev.target as HTMLElement).dataset?.kbd
      if (k) (window as unknown as { __seen: Set<string> }).__seen.add(k)
    })
    ;(document.activeElement as HTMLElement | null)?.blur()
    return visible.length
  })
  // Radio groups take one Tab stop; arrow keys move inside them, so they count as one control. A
  // date or time field takes one Tab stop per part (day, month, year, hour, minute), so Tab is
  // pressed until every control was seen or a bound well past that is reached.
  const seenAll = () =>
    page.evaluate((n) => (window as unknown as { __seen: Set<string> }).__seen.size >= n, total)
  for (let i = 0; i < total * 6 + 20; i++) {
    await page.keyboard.press('Tab')
    if (i >= total && i % 10 === 0 && (await seenAll())) break
  }
  return page.evaluate(() => {
    const seen = (window as unknown as { __seen: Set<string> }).__seen
    const missing: string[] = []
    const groupsSeen = new Set<string>()
    for (const e of document.querySelectorAll<HTMLElement>('[data-kbd]')) {
      const radio = e as HTMLInputElement
      if (radio.type === 'radio' && seen.has(e.dataset.kbd!)) groupsSeen.add(radio.name)
    }
    for (const e of document.querySelectorAll<HTMLElement>('[data-kbd]')) {
      const radio = e as HTMLInputElement
      if (seen.has(e.dataset.kbd!)) continue
      if (radio.type === 'radio' && groupsSeen.has(radio.name)) continue
      missing.push(`${e.tagName.toLowerCase()} "${(e.textContent || radio.name || '').trim().slice(0, 40)}"`)
    }
    return missing
  })
}

/** Checks the page as it is now: no serious or critical axe violation, every control reachable by Tab. */
export async function checkAccessible(page: Page): Promise<void> {
  const problems = await axeProblems(page)
  if (problems.length) throw new Error(`accessibility:\n${problems.join('\n')}`)
  const missing = await unreachableByKeyboard(page)
  if (missing.length) throw new Error(`not reachable by keyboard on ${page.url()}: ${missing.join('; ')}`)
}
