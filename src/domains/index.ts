import { installCatalogues } from '../core/i18n.ts'
import { catalogues } from '../i18n/catalogues.ts'
import * as campaign from './campaign/campaign.module.ts'
import * as certificates from './certificates/certificates.module.ts'
import * as events from './events/events.module.ts'
import * as facts from './facts/facts.module.ts'
import * as learning from './learning/learning.module.ts'
import * as market from './market/market.module.ts'
import * as offline from './offline/offline.module.ts'
import * as outreach from './outreach/outreach.module.ts'
import * as people from './people/people.module.ts'
import * as places from './places/places.module.ts'
import { registered, registry } from './registry.ts'
import * as studio from './studio/studio.module.ts'
import * as sync from './sync/sync.module.ts'
import * as system from './system/system.module.ts'

/**
 * Every domain of hocso, in the order its routes are mounted and its commands listed in
 * `hocso --help`. Reactions to one event run in this order too.
 */
const DOMAINS = [
  system,
  people,
  places,
  facts,
  learning,
  studio,
  certificates,
  outreach,
  market,
  events,
  offline,
  sync,
  campaign,
]

let done = false

/**
 * Registers every domain: its migrations, routes, fact kinds, reactions, personal data and
 * commands, and installs the interface catalogues composed from each domain's messages. The app,
 * the command line and the tests call it; calling it again does nothing.
 */
export function registerDomains(): ReturnType<typeof registered> {
  if (!done) {
    installCatalogues(catalogues)
    for (const d of DOMAINS) d.register(registry)
    done = true
  }
  return registered()
}
