import { AsyncLocalStorage } from 'node:async_hooks'
import type { Driver, Dialect as KyselyDialect } from 'kysely'

/**
 * Catches a query sent to the connection pool while a transaction of the same async flow is open
 * (decision 0193). Such a query reads outside the transaction (it misses what the transaction wrote,
 * and its writes escape the rollback); on SQLite, with one connection, it waits forever for the
 * transaction that waits for it. `inTransaction` marks the flow; the pool's driver asks here before
 * handing out a connection. Off unless `guardPool(true)` (the test setup turns it on).
 */
const flow = new AsyncLocalStorage<{ open: boolean }>()
let on = false

/** Turns the check on or off for this process. */
export function guardPool(enabled: boolean): void {
  on = enabled
}

/** Runs `fn` marked as inside a transaction; the mark ends with `fn` (later callbacks see it closed). */
export async function markTransaction<T>(fn: () => Promise<T>): Promise<T> {
  const state = { open: true }
  try {
    return await flow.run(state, fn)
  } finally {
    state.open = false
  }
}

/** Throws when the pool is asked for a connection by a flow that holds an open transaction. */
function assertPoolFree(): void {
  if (!on || !flow.getStore()?.open) return
  throw new Error(
    'a query on the connection pool while this flow holds an open transaction: pass the transaction context (tx) to ' +
      'the function that made it (on SQLite this query would wait forever for the transaction)',
  )
}

/** The dialect with its driver checking `assertPoolFree` before each connection it hands out. */
export function guardedDialect(dialect: KyselyDialect): KyselyDialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => {
      const driver: Driver = dialect.createDriver()
      const acquire = driver.acquireConnection.bind(driver)
      driver.acquireConnection = () => {
        assertPoolFree()
        return acquire()
      }
      return driver
    },
  }
}
