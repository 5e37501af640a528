import type { Translation } from '../../core/i18n.ts'
import type { privacyVi } from './privacy.messages.vi.ts'

export const privacyEn = {
  'privacy.my.link': 'My data: download or erase it',
  'privacy.my.title': 'My data',
  'privacy.my.lead':
    'hocso keeps your name, phone number, year of birth, roles, consent and learning results. You can download all of it, or ask for it to be erased (Vietnam Decree 13/2023).',
  'privacy.export.link': 'Download my data (JSON file)',
  'privacy.export.short': 'Download',
  'privacy.erase.short': 'Erase',
  'privacy.actions': 'Actions',
  'privacy.erase.title': 'Erase personal data',
  'privacy.erase.person': 'Person to erase: {name}',
  'privacy.erase.removed_title': 'Will be removed',
  'privacy.erase.removed.account': 'The name, phone number, year of birth, username and password.',
  'privacy.erase.removed.access': 'Every session and role. Afterwards nobody can sign in with this account.',
  'privacy.erase.removed.market': 'The name, phone and bank account in trader records.',
  'privacy.erase.removed.events': 'The name, phone, organisation and position in event registrations.',
  'privacy.erase.removed.certificates':
    'Certificates are revoked. The verification page then says only “revoked”, without the name.',
  'privacy.erase.removed.studio': 'Recordings in the translation studio that were never approved.',
  'privacy.erase.kept_title': 'Stays, with no name attached',
  'privacy.erase.kept':
    'The anonymous counts: lessons studied, help received, check-ins. The commune and province dashboards do not change; they keep only a number, no name or phone.',
  'privacy.erase.final': 'Erasure cannot be undone.',
  'privacy.erase.reason': 'Reason (for example the request number). Do not write a name or phone number.',
  'privacy.erase.password': 'Type your password to confirm',
  'privacy.erase.submit': 'Erase for good',
  'privacy.erased.title': 'Personal data erased',
  'privacy.erased.leaderless': 'This person led a technology group: the group needs a new leader.',
  'privacy.erased.follow_up': 'Do it now',
  'privacy.erased.lead': 'The account was erased. Only anonymous counts remain.',
  'privacy.back_people': 'Back to the list of people',
} satisfies Translation<typeof privacyVi>
