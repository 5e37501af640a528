import type { Translation } from '../../core/i18n.ts'
import type { peopleVi } from './people.messages.vi.ts'

export const peopleEn = {
  'people.login.title': 'Sign in',
  'people.login.login': 'Phone number or username',
  'people.password': 'Password',
  'people.password.hint': 'At least 8 characters.',
  'people.signup.link': 'No account yet? Create one',
  'people.signup.title': 'Create an account',
  'people.signup.submit': 'Create account',
  'people.name': 'Full name',
  'people.phone': 'Phone number',
  'people.phone.hint': 'Example: 0912345678',
  'people.birth_year': 'Year of birth (optional)',
  'people.year': 'Year of birth',
  'people.consent.short': 'Consent',
  'people.place': 'Village',
  'people.consent':
    'I agree that hocso keeps my name, year of birth, phone number and results, only for my learning (Decree 13/2023/NĐ-CP).',
  'people.grant.title': 'Grant a role',
  'people.grant.submit': 'Grant',
  'people.account_id': 'User',
  'people.role': 'Role',
  'people.scope': 'Scope (place code)',
  'role.learner': 'Learner',
  'role.ambassador': 'Digital ambassador',
  'role.trainer': 'Trainer',
  'role.translator': 'Translator',
  'role.commune_officer': 'Commune officer',
  'role.province_admin': 'Province admin',
  'role.content_editor': 'Content editor',
} satisfies Translation<typeof peopleVi>
