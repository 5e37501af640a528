import type { Catalogue } from '../core/i18n.ts'
import { campaignVi } from '../domains/campaign/campaign.messages.vi.ts'
import { certificatesVi } from '../domains/certificates/certificates.messages.vi.ts'
import { eventsVi } from '../domains/events/events.messages.vi.ts'
import { learningVi } from '../domains/learning/learning.messages.vi.ts'
import { marketVi } from '../domains/market/market.messages.vi.ts'
import { offlineVi } from '../domains/offline/offline.messages.vi.ts'
import { outreachVi } from '../domains/outreach/outreach.messages.vi.ts'
import { peopleVi } from '../domains/people/people.messages.vi.ts'
import { privacyVi } from '../domains/people/privacy.messages.vi.ts'
import { placesVi } from '../domains/places/places.messages.vi.ts'
import { studioVi } from '../domains/studio/studio.messages.vi.ts'
import { syncVi } from '../domains/sync/sync.messages.vi.ts'
import { coreVi } from '../web/core.messages.vi.ts'
import { navVi } from '../web/nav.messages.vi.ts'

/** The Vietnamese interface catalogue: the source; its keys are the `MessageKey` type. */
export const vi = {
  ...coreVi,
  ...peopleVi,
  ...privacyVi,
  ...learningVi,
  ...placesVi,
  ...certificatesVi,
  ...outreachVi,
  ...marketVi,
  ...eventsVi,
  ...offlineVi,
  ...syncVi,
  ...campaignVi,
  ...studioVi,
  ...navVi,
} satisfies Catalogue
