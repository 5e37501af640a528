import type { CampaignTables } from '../domains/campaign/campaign.tables.ts'
import type { CertificatesTables } from '../domains/certificates/certificates.tables.ts'
import type { EventsTables } from '../domains/events/events.tables.ts'
import type { FactsTables } from '../domains/facts/facts.tables.ts'
import type { LearningTables } from '../domains/learning/learning.tables.ts'
import type { MarketTables } from '../domains/market/market.tables.ts'
import type { OutreachTables } from '../domains/outreach/outreach.tables.ts'
import type { PeopleTables } from '../domains/people/people.tables.ts'
import type { PlacesTables } from '../domains/places/places.tables.ts'
import type { StudioTables } from '../domains/studio/studio.tables.ts'
import type { SyncTables } from '../domains/sync/sync.tables.ts'
import type { SystemTables } from '../domains/system/system.tables.ts'
import type { MediaBlobsTables } from './blobs.ts'
import type { SealedSecretsTables } from './secrets.ts'

/** Every table of hocso, composed from each domain's own table definitions. */
export type Database = SystemTables &
  PlacesTables &
  PeopleTables &
  FactsTables &
  LearningTables &
  MarketTables &
  OutreachTables &
  CertificatesTables &
  EventsTables &
  CampaignTables &
  SyncTables &
  StudioTables &
  SealedSecretsTables &
  MediaBlobsTables
