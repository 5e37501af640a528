import { guardPool } from '../src/core/pool-guard.ts'

// A query on the pool made while the same flow holds a transaction fails the test that made it
// (decision 0193), on SQLite and PostgreSQL alike: in production it would read outside the
// transaction, or on SQLite wait forever.
guardPool(true)
