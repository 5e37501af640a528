import { inject } from 'vitest'
import { databaseUrl, onServer } from './pg-server.ts'

// On PostgreSQL, each test process works in a database of its own. Tests that start real
// processes make schemas side by side in it (test/cli.ts, test/sync/nodes.ts), and listing a
// database's tables reads every schema in it: with files running at once in one database, a schema
// another file dropped mid-listing failed a migration ("schema … does not exist"). An empty database
// per process, named after the run's template so that the run's teardown drops it with the rest
// (pg-template.setup.ts), keeps each process's schemas out of every other's sight. The files of one
// process run one after another (vitest.config.ts), and its modules read the URL once: vitest runs
// this file again before each test file, so the database is made only the first time. This file
// loads nothing of the application, which would then be loaded before the test file's mocks.
const url = process.env.HOCSO_TEST_DATABASE_URL
const template = url ? inject('hocsoPgTemplate') : undefined
if (url && template && !process.env.HOCSO_TEST_PROCESS_DATABASE) {
  const name = `${template}_f${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`
  await onServer(url, `create database ${name}`)
  process.env.HOCSO_TEST_DATABASE_URL = databaseUrl(url, name)
  process.env.HOCSO_TEST_PROCESS_DATABASE = name
}
