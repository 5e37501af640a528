import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { AppError, validationError } from '../../core/errors.ts'
import { formatDate, type Locale, t } from '../../core/i18n.ts'
import { privateDir, writePrivateFile } from '../../core/private-files.ts'
import { freeText, nodeIdSchema } from '../../core/text.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { scopesFor } from '../people/policy.ts'
import { BundleError, exportBundle, type ImportResult, importBundle, verifyBundle } from './sync.bundle.ts'
import { type ConflictView, openConflicts, resolveConflict } from './sync.conflicts.ts'
import { identityOf, welcomeFor } from './sync.identity.ts'
import { registerHub, revokeHub } from './sync.nodes.ts'
import { requestSync } from './sync.scheduler.ts'
import { assertCanExchange, type HubLine, hubsOverview, ownHubStatus } from './sync.status.ts'

/** The officers' pages: hubs of their scope, this hub's own state, bundles in and out. */
const routes = new Hono<AppEnv>()

function officer(c: Context<AppEnv>): CurrentUser {
  const user = c.get('user')
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!scopesFor(user, 'hubs.manage').length) throw new AppError('forbidden', 'you may not manage hubs')
  return user
}

const when = (l: Locale, iso: string | null) =>
  iso ? formatDate(l, iso, { dateStyle: 'medium', timeStyle: 'short' }) : t(l, 'hubs.never')

function HubCard({ c, h }: { c: Context<AppEnv>; h: HubLine }) {
  const l = c.get('locale')
  const n = h.node
  const state = n.revoked_at ? 'bad' : n.role === 'pending' ? 'warn' : 'good'
  return (
    <li class="card">
      <b>{n.name}</b>{' '}
      <span class={`badge ${state}`}>
        {t(l, n.revoked_at ? 'hubs.revoked' : n.role === 'pending' ? 'hubs.pending' : 'hubs.active')}
      </span>
      <div class="muted small">
        {h.placeName ? `${h.placeName} (${n.scope_code}) · ` : ''}
        <code>{n.node_id}</code>
      </div>
      {n.role === 'pending' ? (
        <form method="post" action="/admin/hubs" class="stack">
          <CsrfField c={c} />
          <input type="hidden" name="node" value={n.node_id} />
          <input type="hidden" name="public_key" value={n.public_key} />
          <label>
            {t(l, 'hubs.name')}
            <input name="name" value={n.name} required maxlength={80} />
          </label>
          <label>
            {t(l, 'hubs.scope')}
            <input name="scope_code" required maxlength={20} placeholder="3166 · 3166-001" />
          </label>
          <button type="submit">{t(l, 'hubs.approve')}</button>
        </form>
      ) : (
        <>
          <dl class="facts">
            <dt>{t(l, 'hubs.last_contact')}</dt>
            <dd>{when(l, n.last_contact_at)}</dd>
            <dt>{t(l, 'hubs.waiting')}</dt>
            <dd>{h.waiting ?? '–'}</dd>
            <dt>{t(l, 'hubs.bundles')}</dt>
            <dd>{h.bundles}</dd>
            <dt>{t(l, 'hubs.refused')}</dt>
            <dd>{h.refused}</dd>
          </dl>
          {n.last_error ? (
            <p class="error" role="alert">
              {t(l, 'hubs.last_error')}: {n.last_error}
            </p>
          ) : null}
          {h.latestRefusals.length ? (
            <ul class="plain small">
              {h.latestRefusals.map((r) => (
                <li>
                  {when(l, r.at)}: {r.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {n.revoked_at ? null : (
            <div class="actions">
              <form method="post" action="/admin/hubs/export" class="inline">
                <CsrfField c={c} />
                <input type="hidden" name="for" value={n.node_id} />
                <button type="submit" class="secondary">
                  {t(l, 'hubs.export')}
                </button>
              </form>
              <a class="button secondary" href={`/admin/hubs/${n.node_id}/welcome`}>
                {t(l, 'hubs.welcome')}
              </a>
              <form method="post" action={`/admin/hubs/${n.node_id}/revoke`} class="inline">
                <CsrfField c={c} />
                <button type="submit" class="secondary">
                  {t(l, 'hubs.revoke')}
                </button>
              </form>
            </div>
          )}
        </>
      )}
    </li>
  )
}

/** The losing sides of concurrent edits: both values, where and when each was made, "keep this one". */
function Conflicts({ c, list }: { c: Context<AppEnv>; list: ConflictView[] }) {
  const l = c.get('locale')
  if (!list.length) return null
  const side = (x: ConflictView, which: 'kept' | 'lost') => (
    <td>
      <p class="muted">
        {which === 'kept' ? t(l, 'hubs.conflicts.kept') : t(l, 'hubs.conflicts.lost')} ·{' '}
        {t(l, 'hubs.conflicts.made', { node: x[which].node, at: when(l, x[which].at) })}
      </p>
      <ul class="plain">
        {x.fields.map((f) => (
          <li>
            <b>{f.name}</b>: {f[which]}
          </li>
        ))}
      </ul>
      <form method="post" action={`/admin/hubs/conflicts/${x.id}`}>
        <CsrfField c={c} />
        <input type="hidden" name="keep" value={which} />
        <button type="submit" class={which === 'kept' ? 'secondary' : ''}>
          {t(l, 'hubs.conflicts.keep')}
        </button>
      </form>
    </td>
  )
  return (
    <section id="conflicts">
      <h2>{t(l, 'hubs.conflicts')}</h2>
      <p class="muted">{t(l, 'hubs.conflicts.lead')}</p>
      <table>
        <tbody>
          {list.map((x) => (
            <tr>
              <th scope="row">
                {x.tbl} <code>{x.rowKey}</code>
              </th>
              {side(x, 'kept')}
              {side(x, 'lost')}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

async function hubsPage(
  c: Context<AppEnv>,
  notice?: { kind: 'error' | 'info'; text: string; answer?: string },
) {
  const l = c.get('locale')
  const ctx = c.get('ctx')
  const user = officer(c)
  const hubs = await hubsOverview(ctx, user)
  const own = await ownHubStatus(ctx)
  const me = identityOf(ctx)
  const conflicts = await openConflicts(ctx, user)
  return (
    <Layout c={c} title={t(l, 'hubs.title')}>
      <h1>{t(l, 'hubs.title')}</h1>
      <Conflicts c={c} list={conflicts} />
      {notice ? (
        <div
          class={notice.kind === 'error' ? 'error' : 'notice info'}
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          <p>{notice.text}</p>
          {notice.answer ? (
            <p>
              <a class="button" href={`/admin/hubs/bundles/${notice.answer}`}>
                {t(l, 'hubs.answer.download')}
              </a>
            </p>
          ) : null}
        </div>
      ) : null}
      {own ? (
        <section>
          <h2>{t(l, 'hubs.this')}</h2>
          <dl class="facts">
            <dt>{t(l, 'hubs.upstream')}</dt>
            <dd>{own.upstream.url ?? own.upstream.name}</dd>
            <dt>{t(l, 'hubs.scope')}</dt>
            <dd>{own.upstream.scope_code ?? '–'}</dd>
            <dt>{t(l, 'hubs.last_contact')}</dt>
            <dd>{when(l, own.upstream.last_contact_at)}</dd>
            <dt>{t(l, 'hubs.to_send')}</dt>
            <dd>{own.waiting}</dd>
            <dt>{t(l, 'hubs.held')}</dt>
            <dd>{own.held}</dd>
          </dl>
          {own.upstream.last_error ? (
            <p class="error" role="alert">
              {t(l, 'hubs.last_error')}: {own.upstream.last_error}
            </p>
          ) : null}
          {own.scheduler ? (
            <form method="post" action="/admin/hubs/sync">
              <CsrfField c={c} />
              <button type="submit">{t(l, own.scheduler.running ? 'hubs.syncing' : 'hubs.sync_now')}</button>
            </form>
          ) : null}
          <h3>{t(l, 'hubs.came_in')}</h3>
          {own.recent.length ? (
            <ul class="plain">
              {own.recent.map((r) => (
                <li>
                  {when(l, r.at)} · {t(l, `hubs.kind.${r.kind}`)} ·{' '}
                  {t(l, 'hubs.in_out', { in: r.records_in, out: r.records_out })}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t(l, 'hubs.none_yet')}</p>
          )}
          {own.refusals.length ? (
            <>
              <h3>{t(l, 'hubs.refused_upstream')}</h3>
              <ul class="plain">
                {own.refusals.map((r) => (
                  <li class="small">{r.reason}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      <section>
        <h2>{t(l, 'hubs.bundle.title')}</h2>
        <p class="muted">{t(l, 'hubs.bundle.lead')}</p>
        <form method="post" action="/admin/hubs/bundles" enctype="multipart/form-data" class="stack">
          <CsrfField c={c} />
          <label>
            {t(l, 'hubs.bundle.file')}
            <input type="file" name="bundle" required accept=".hocso,application/octet-stream" />
          </label>
          <button type="submit">{t(l, 'hubs.bundle.import')}</button>
        </form>
        {own ? (
          <form method="post" action="/admin/hubs/export" class="stack">
            <CsrfField c={c} />
            <input type="hidden" name="for" value={own.upstream.node_id} />
            <button type="submit" class="secondary">
              {t(l, 'hubs.export_upstream')}
            </button>
          </form>
        ) : null}
      </section>
      <section>
        <h2>{t(l, 'hubs.list')}</h2>
        {hubs.length ? (
          <ul class="plain">
            {hubs.map((h) => (
              <HubCard c={c} h={h} />
            ))}
          </ul>
        ) : (
          <p class="muted">{t(l, 'hubs.none')}</p>
        )}
        <h3>{t(l, 'hubs.register')}</h3>
        <form method="post" action="/admin/hubs" class="stack">
          <CsrfField c={c} />
          <label>
            {t(l, 'hubs.node')}
            <input name="node" required maxlength={64} autocomplete="off" />
          </label>
          <label>
            {t(l, 'hubs.key')}
            <input name="public_key" required maxlength={43} minlength={43} autocomplete="off" />
          </label>
          <label>
            {t(l, 'hubs.scope')}
            <input name="scope_code" required maxlength={20} placeholder="3166 · 3166-001" />
          </label>
          <label>
            {t(l, 'hubs.name')}
            <input name="name" required maxlength={80} />
          </label>
          <button type="submit">{t(l, 'hubs.register')}</button>
        </form>
      </section>
      <section>
        <h2>{t(l, 'hubs.identity')}</h2>
        <p class="muted">{t(l, 'hubs.identity.lead')}</p>
        <dl class="facts">
          <dt>{t(l, 'hubs.node')}</dt>
          <dd>
            <code>{me.node}</code>
          </dd>
          <dt>{t(l, 'hubs.key')}</dt>
          <dd>
            <code>{me.public_key}</code>
          </dd>
        </dl>
      </section>
    </Layout>
  )
}

routes.get('/admin/hubs', async (c) => {
  if (!c.get('user')) return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
  return c.html(await hubsPage(c))
})

const registerSchema = z
  .object({
    node: nodeIdSchema,
    public_key: z.string().trim().min(1, 'required').max(64),
    scope_code: z.string().trim().min(1, 'required').max(20),
    name: freeText(2, 80),
  })
  .strict()

routes.post('/admin/hubs', async (c) => {
  const user = officer(c)
  const input = await readBody(c, registerSchema)
  await registerHub(c.get('ctx'), user, {
    node: input.node,
    publicKey: input.public_key,
    scope: input.scope_code,
    name: input.name,
  })
  if ((c.req.header('content-type') ?? '').startsWith('application/json'))
    return c.json({ node: input.node }, 201)
  return c.redirect('/admin/hubs', 303)
})

routes.post('/admin/hubs/conflicts/:id', async (c) => {
  const user = officer(c)
  const body = await readBody(c, z.object({ keep: z.string().optional() }).strict())
  const resolution = await resolveConflict(c.get('ctx'), user, c.req.param('id'), body.keep)
  if ((c.req.header('content-type') ?? '').startsWith('application/json')) return c.json({ resolution })
  return c.redirect('/admin/hubs', 303)
})

routes.post('/admin/hubs/:node/revoke', async (c) => {
  const user = officer(c)
  await revokeHub(c.get('ctx'), user, c.req.param('node'))
  return c.redirect('/admin/hubs', 303)
})

routes.get('/admin/hubs/:node/welcome', async (c) => {
  const user = officer(c)
  const node = await assertCanExchange(c.get('ctx'), user, c.req.param('node'))
  c.header('content-disposition', `attachment; filename="welcome-${node.node_id}.json"`)
  c.header('content-type', 'application/json; charset=utf-8')
  return c.body(await welcomeFor(c.get('ctx'), node.node_id))
})

routes.post('/admin/hubs/sync', async (c) => {
  officer(c)
  if (!requestSync()) throw validationError('hub', 'this server does not run as a hub (start it with --hub)')
  return c.redirect('/admin/hubs', 303)
})

const bundleDir = (c: Context<AppEnv>) => join(c.get('ctx').config.dataDir, 'bundles')

function summary(l: Locale, r: ImportResult): string {
  const parts = [t(l, 'hubs.import.done', { applied: r.applied, duplicates: r.duplicates })]
  if (r.alreadyImported) parts.push(t(l, 'hubs.import.again'))
  if (r.held) parts.push(t(l, 'hubs.import.held', { count: r.held }))
  if (r.refused.length)
    parts.push(
      `${t(l, 'hubs.import.refused', { count: r.refused.length })} ${r.refused.map((x) => x.reason).join(' · ')}`,
    )
  return parts.join(' ')
}

routes.post('/admin/hubs/bundles', async (c) => {
  const user = officer(c)
  const l = c.get('locale')
  const ctx = c.get('ctx')
  const form = await c.req.parseBody()
  const file = form.bundle
  if (!(file instanceof File) || !file.size) throw new AppError('validation', 'bundle: choose a bundle file')
  const data = Buffer.from(await file.arrayBuffer())
  try {
    const { header } = await verifyBundle(ctx, data)
    await assertCanExchange(ctx, user, header.from)
    const result = await importBundle(ctx, data)
    const answer = await exportBundle(ctx, header.from, { answerTo: header.id })
    privateDir(bundleDir(c))
    writePrivateFile(join(bundleDir(c), `${answer.header.id}.hocso`), answer.data)
    return c.html(await hubsPage(c, { kind: 'info', text: summary(l, result), answer: answer.header.id }))
  } catch (err) {
    if (!(err instanceof BundleError)) throw err
    c.status(err.status as 400)
    return c.html(await hubsPage(c, { kind: 'error', text: err.message }))
  }
})

routes.post('/admin/hubs/export', async (c) => {
  const user = officer(c)
  const input = await readBody(
    c,
    z.object({ for: z.string().min(1).max(64), content: z.boolean().optional() }).strict(),
  )
  const node = await assertCanExchange(c.get('ctx'), user, input.for)
  const b = await exportBundle(c.get('ctx'), node.node_id, { content: input.content })
  c.header('content-disposition', `attachment; filename="${b.header.id}.hocso"`)
  c.header('content-type', 'application/octet-stream')
  return c.body(new Uint8Array(b.data))
})

routes.get('/admin/hubs/bundles/:id', async (c) => {
  const user = officer(c)
  const id = c.req.param('id')
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('not_found', `bundle ${id}: not found`)
  const row = await c
    .get('ctx')
    .db.selectFrom('sync_log')
    .select('peer')
    .where('bundle_id', '=', id)
    .where('kind', '=', 'bundle_out')
    .executeTakeFirst()
  if (!row) throw new AppError('not_found', `bundle ${id}: not found`)
  await assertCanExchange(c.get('ctx'), user, row.peer)
  const file = join(bundleDir(c), `${id}.hocso`)
  if (!existsSync(file)) throw new AppError('not_found', `bundle ${id}: the file is no longer kept`)
  c.header('content-disposition', `attachment; filename="${id}.hocso"`)
  c.header('content-type', 'application/octet-stream')
  return c.body(new Uint8Array(readFileSync(file)))
})

export default routes
