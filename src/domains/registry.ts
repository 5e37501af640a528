import type { Hono, MiddlewareHandler } from 'hono'
import type { Migration } from 'kysely'
import type { Command } from '../cli/runtime.ts'
import { type BatchHandler, type DeferForm, type Handler, type HookEvents, on } from '../core/hooks.ts'
import { registerMigration } from '../core/migrations.ts'
import { onRowChanged, type RowWatcher } from '../core/row-changes.ts'
import type { AppEnv } from '../web/env.ts'
import { type FactKind, registerFactKind } from './facts/facts.service.ts'
import { type PersonalData, registerPersonalData } from './people/privacy.service.ts'

/**
 * What a domain gives the application, declared in one place: its `<domain>.module.ts` exports
 * `register(registry)`, and `registerDomains()` (index.ts) calls each once. Importing a module
 * does nothing; reading a domain's `register` tells everything it adds to the app.
 */
export type Registry = {
  /** Pages and APIs, mounted at `/` in registration order. */
  routes(...apps: Hono<AppEnv>[]): void
  /** A kind of fact accepted by `POST /api/facts` and by sync. */
  // biome-ignore lint/suspicious/noExplicitAny: each kind has its own data type
  factKind(kind: FactKind<any>): void
  /** A reaction to another domain's event, run inside the transaction that emitted it. */
  on<K extends keyof HookEvents>(
    event: K,
    handler: Handler<K>,
    opts?: { batch?: BatchHandler<K>; defer?: DeferForm<K> },
  ): void
  /**
   * A reaction to a row of another domain's table being rewritten (a local edit, or a version from
   * another node), run inside the transaction that wrote it: what the domain derived from the row moves with it.
   */
  rowChanged(table: string, watcher: RowWatcher): void
  /** A schema migration (`NNNN-name`, numbers reserved per domain in core/migrations.ts). */
  migration(name: string, migration: Migration): void
  /** What the domain holds about a person, for the export and the erasure of their data. */
  personalData(part: PersonalData): void
  /** A `hocso <name>` command. */
  command(command: Command): void
  /** Runs on every request once the person is known, before the language is chosen and any page runs. */
  middleware(handler: MiddlewareHandler<AppEnv>): void
}

const routes: Hono<AppEnv>[] = []
const commands: Command[] = []
const middlewares: MiddlewareHandler<AppEnv>[] = []

/** The registry the domains register into; routes and commands are kept here for the app and the CLI. */
export const registry: Registry = {
  routes: (...apps) => {
    for (const a of apps) if (!routes.includes(a)) routes.push(a)
  },
  factKind: (kind) => registerFactKind(kind),
  on: (event, handler, opts) => on(event, handler, opts),
  rowChanged: (table, watcher) => onRowChanged(table, watcher),
  migration: (name, migration) => registerMigration(name, migration),
  personalData: (part) => registerPersonalData(part),
  command: (command) => {
    if (!commands.includes(command)) commands.push(command)
  },
  middleware: (handler) => {
    if (!middlewares.includes(handler)) middlewares.push(handler)
  },
}

/** The routes, commands and middleware registered so far, in registration order. */
export function registered(): {
  routes: readonly Hono<AppEnv>[]
  commands: readonly Command[]
  middlewares: readonly MiddlewareHandler<AppEnv>[]
} {
  return { routes, commands, middlewares }
}
