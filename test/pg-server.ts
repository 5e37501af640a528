import pg from 'pg'

// Two helpers for test databases on the PostgreSQL server, apart from the global setup so that a
// per-file setup can use them without loading the application (a module loaded there would be
// loaded before the test file's own mocks, vi.mock('node:crypto') in password.test.ts among them).

/** The URL of another database on the same PostgreSQL server. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** Runs one statement on the server's maintenance connection (CREATE and DROP DATABASE). */
export async function onServer(url: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query(statement)
  } finally {
    await c.end()
  }
}
