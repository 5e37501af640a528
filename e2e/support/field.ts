import type { Page } from 'playwright-core'
import { PHONE } from './browser.ts'

/**
 * A person's day on a phone: every tap on a control goes through here and is counted, and every
 * page reached is checked for what would stop a field worker on a 360 px phone.
 */
export class Day {
  taps = 0
  problems: string[] = []

  constructor(readonly page: Page) {}

  /** A tap on a link, button, tile or field. */
  async tap(selector: string): Promise<void> {
    this.taps++
    await this.page.locator(selector).first().click()
  }

  /** A tap that leads to another page; waits for it and checks it. */
  async tapTo(selector: string, path: RegExp | string): Promise<void> {
    this.taps++
    const match = (u: URL) =>
      typeof path === 'string' ? u.pathname === path : path.test(u.pathname + u.search)
    await Promise.all([this.page.waitForURL(match), this.page.locator(selector).first().click()])
    await this.check()
  }

  /** A tap into a field, then typing (one tap: the keyboard is not counted). */
  async type(selector: string, text: string): Promise<void> {
    this.taps++
    await this.page.locator(selector).first().fill(text)
  }

  /** Signs in through the form: a tap into each field and one on the button. Lands where the app sends. */
  async signIn(login: string, password = 'demo1234'): Promise<string> {
    await this.page.goto('/login')
    await this.type('input[name=login]', login)
    await this.type('input[name=password]', password)
    this.taps++
    await Promise.all([
      this.page.waitForURL((u) => !u.pathname.startsWith('/login')),
      this.page.click('form.stack button[type=submit]'),
    ])
    await this.check()
    return new URL(this.page.url()).pathname
  }

  /** Checks the page as it is now; problems are collected and asserted at the end of the test. */
  async check(): Promise<void> {
    this.problems.push(...(await phoneProblems(this.page)))
  }
}

/**
 * What breaks a page on a 360 px phone: the page itself wider than the screen, a control wider
 * than the screen (a table may scroll inside its own box, its controls may not outgrow the phone),
 * and a visible button that does nothing (neither submits a form nor has anything listening to it).
 */
export async function phoneProblems(page: Page): Promise<string[]> {
  const where = new URL(page.url()).pathname
  const found = await page.evaluate((width) => {
    const out: string[] = []
    const doc = document.documentElement
    if (doc.scrollWidth > width + 1) out.push(`the page is ${doc.scrollWidth} px wide`)
    const controls = document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, summary',
    )
    const buttons: string[] = []
    controls.forEach((e, i) => {
      if (!e.checkVisibility() || (e as HTMLInputElement).type === 'hidden') return
      const r = e.getBoundingClientRect()
      const name = `${e.tagName.toLowerCase()} "${(e.textContent || (e as HTMLInputElement).name || '').trim().slice(0, 40)}"`
      if (r.width > width + 1) out.push(`${name} is ${Math.round(r.width)} px wide`)
      if (e.tagName === 'BUTTON') {
        const b = e as HTMLButtonElement
        if (b.type === 'submit' && b.form) return
        e.dataset.deadCheck = String(i)
        buttons.push(String(i))
      }
    })
    return { out, buttons }
  }, PHONE.width)
  // A button that submits nothing does something only if a script listens to it.
  if (found.buttons.length) {
    const cdp = await page.context().newCDPSession(page)
    try {
      for (const i of found.buttons) {
        const { result } = await cdp.send('Runtime.evaluate', {
          expression: `document.querySelector('[data-dead-check="${i}"]')`,
        })
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! })
        if (!listeners.some((l) => l.type === 'click')) {
          const text = await page.locator(`[data-dead-check="${i}"]`).textContent()
          found.out.push(`button "${(text ?? '').trim()}" does nothing`)
        }
      }
    } finally {
      await cdp.detach()
    }
  }
  return found.out.map((p) => `${where}: ${p}`)
}

/** True when the element is on the screen now (not scrolled away): what the person actually sees. */
export async function inView(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((e) => {
      const r = e.getBoundingClientRect()
      return e.checkVisibility() && r.bottom > 0 && r.top < innerHeight && r.height > 0
    })
}
