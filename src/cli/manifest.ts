/**
 * Every command of `hocso` and its one-line summary, in the order `hocso --help` lists them: the
 * help is printed from here without loading the application (the whole server takes half a
 * second of CPU to load; the help, nothing). test/cli-manifest.test.ts checks it against the
 * commands themselves, so a command added, renamed or re-summarised fails until it is listed here.
 */
export const COMMAND_SUMMARIES: readonly (readonly [name: string, summary: string])[] = [
  ['start', 'migrate, create demo data if the database is empty, and serve (what npm start runs)'],
  ['serve', 'run the web server'],
  ['migrate', 'bring the database schema up to date'],
  ['seed', 'create the demo data (villages, accounts, activity) in an empty database'],
  ['import', 'import reference data: `hocso import villages <file.csv>`'],
  ['create-admin', 'create a province administrator (the first account of a real deployment)'],
  ['backup', 'write a consistent copy of the SQLite database while hocso runs'],
  ['media', 'uploaded media in an object store: `hocso media orphans [--delete]`'],
  ['people', "export or erase one person's data on request: `hocso people export | erase <person>`"],
  ['content', 'check, import or export the curriculum: `hocso content check|import|export [dir]`'],
  ['interface', 'Tai Dam and Hmong interface strings as PO files: `hocso interface export|import <lang>`'],
  ['certificates', 'issuing keys of the certificates: `hocso certificates rotate-key | keys`'],
  ['hub', 'village hubs: identity, register, join, revoke, list, sync, status'],
  ['bundle', 'carry records by hand: `hocso bundle export|import`'],
  ['rollups', 'recompute the campaign rollups from the facts: `hocso rollups rebuild`'],
  ['plan', 'the campaign plan: `hocso plan import <file.yaml> [--apply]`, `hocso plan export`'],
]
