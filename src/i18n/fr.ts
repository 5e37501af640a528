import type { Translation } from '../core/i18n.ts'
import { campaignFr } from '../domains/campaign/campaign.messages.fr.ts'
import { certificatesFr } from '../domains/certificates/certificates.messages.fr.ts'
import { eventsFr } from '../domains/events/events.messages.fr.ts'
import { learningFr } from '../domains/learning/learning.messages.fr.ts'
import { marketFr } from '../domains/market/market.messages.fr.ts'
import { offlineFr } from '../domains/offline/offline.messages.fr.ts'
import { outreachFr } from '../domains/outreach/outreach.messages.fr.ts'
import { peopleFr } from '../domains/people/people.messages.fr.ts'
import { privacyFr } from '../domains/people/privacy.messages.fr.ts'
import { placesFr } from '../domains/places/places.messages.fr.ts'
import { studioFr } from '../domains/studio/studio.messages.fr.ts'
import { syncFr } from '../domains/sync/sync.messages.fr.ts'
import { coreFr } from '../web/core.messages.fr.ts'
import { navFr } from '../web/nav.messages.fr.ts'
import type { vi } from './vi.ts'

/** The French interface catalogue: every key of the Vietnamese one (checked by the compiler). */
export const fr = {
  ...coreFr,
  ...peopleFr,
  ...privacyFr,
  ...learningFr,
  ...placesFr,
  ...certificatesFr,
  ...outreachFr,
  ...marketFr,
  ...eventsFr,
  ...offlineFr,
  ...syncFr,
  ...campaignFr,
  ...studioFr,
  ...navFr,
} satisfies Translation<typeof vi>
