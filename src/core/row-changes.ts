import type { TxCtx } from './transaction.ts'

/**
 * Reactions to a row of an editable table being changed, by a local edit or by a version arriving
 * from another node (sync writes rows of any replicated table without knowing their domain). What
 * another domain derived from the row before (the rollups count an event's check-ins by its
 * sector) moves with it, in the transaction that writes the change (decision 0210). Handlers are
 * registered through the registry, from the reacting domain's `register`.
 */
export type RowData = Record<string, unknown>

export type RowWatcher = (tx: TxCtx, before: RowData, after: RowData) => Promise<void>

const watchers = new Map<string, RowWatcher[]>()

/** Registers a reaction to a row of `table` changing; registering it again does nothing. */
export function onRowChanged(table: string, watcher: RowWatcher): void {
  const list = watchers.get(table) ?? []
  if (list.includes(watcher)) return
  list.push(watcher)
  watchers.set(table, list)
}

/** How many reactions are registered, by table (for the test that importing a module registers none). */
export function registeredRowWatchers(): Record<string, number> {
  return Object.fromEntries([...watchers].map(([k, v]) => [k, v.length]))
}

/**
 * Announces that a row of `table` was rewritten from `before` to `after` (both as read from the
 * table, or as the version carries them), inside the transaction that wrote it.
 */
export async function rowChanged(tx: TxCtx, table: string, before: RowData, after: RowData): Promise<void> {
  for (const w of watchers.get(table) ?? []) await w(tx, before, after)
}
