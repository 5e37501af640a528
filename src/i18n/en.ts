import type { Translation } from '../core/i18n.ts'
import { campaignEn } from '../domains/campaign/campaign.messages.en.ts'
import { certificatesEn } from '../domains/certificates/certificates.messages.en.ts'
import { eventsEn } from '../domains/events/events.messages.en.ts'
import { learningEn } from '../domains/learning/learning.messages.en.ts'
import { marketEn } from '../domains/market/market.messages.en.ts'
import { offlineEn } from '../domains/offline/offline.messages.en.ts'
import { outreachEn } from '../domains/outreach/outreach.messages.en.ts'
import { peopleEn } from '../domains/people/people.messages.en.ts'
import { privacyEn } from '../domains/people/privacy.messages.en.ts'
import { placesEn } from '../domains/places/places.messages.en.ts'
import { studioEn } from '../domains/studio/studio.messages.en.ts'
import { syncEn } from '../domains/sync/sync.messages.en.ts'
import { coreEn } from '../web/core.messages.en.ts'
import { navEn } from '../web/nav.messages.en.ts'
import type { vi } from './vi.ts'

/** The English interface catalogue: every key of the Vietnamese one (checked by the compiler). */
export const en = {
  ...coreEn,
  ...peopleEn,
  ...privacyEn,
  ...learningEn,
  ...placesEn,
  ...certificatesEn,
  ...outreachEn,
  ...marketEn,
  ...eventsEn,
  ...offlineEn,
  ...syncEn,
  ...campaignEn,
  ...studioEn,
  ...navEn,
} satisfies Translation<typeof vi>
