/**
 * Prepares a load-test database with the code of the checkout it sits in (bench/load.ts copies it
 * into another checkout to measure that version): units, `--users` learners, `--officers` officers.
 * The settings come from the environment (HOCSO_DATA_DIR, HOCSO_DATABASE_URL, HOCSO_DATABASE_SCHEMA).
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/core/config.ts'
import { createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { createLogger } from '../src/core/logger.ts'
import { registerDomains } from '../src/domains/index.ts'
import { createAccount, createAdmin } from '../src/domains/people/people.service.ts'
import { ensureUnits } from '../src/domains/places/places.service.ts'

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '40' },
    officers: { type: 'string', default: '2' },
    password: { type: 'string', default: 'mat-khau-123' },
  },
})
registerDomains()
const config = loadConfig({ ...process.env, HOCSO_LOG_LEVEL: 'silent' })
const handle = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  pgSchema: config.databaseSchema,
})
const ctx = await createContext(handle, config, createLogger('silent'))
await ensureUnits(ctx)
for (let i = 0; i < Number(values.users); i++)
  await createAccount(
    ctx,
    { displayName: `Người học ${i}`, username: `hocvien${i}`, password: values.password! },
    [{ role: 'learner', scopeCode: '11' }],
    { consent: true },
  )
for (let i = 0; i < Number(values.officers); i++)
  await createAdmin(ctx, { login: `canbo${i}`, displayName: `Cán bộ ${i}`, password: values.password! })
await handle.close()
process.exit(0)
