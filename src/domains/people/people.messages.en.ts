import type { Translation } from '../../core/i18n.ts'
import type { peopleVi } from './people.messages.vi.ts'

export const peopleEn = {
  'people.grant.out_of_reach': 'this person lives in {place}, outside the places you manage',
  'people.grant.province_only':
    'this person has no village or commune: only a province admin may give them a role',
  'people.password.personal': 'too easy to guess: it is (or contains) your phone number, login or name',
  'people.password.common': 'too easy to guess: it is one of the most common passwords or words',
  'people.password.pattern':
    'too easy to guess: a sequence, repetition or keyboard row such as 12345678 or aaaaaaaa',
  'people.password.guessable': 'too easy to guess: make it longer, for example three words you will remember',
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
  'role.voice': 'Community voice',
  'role.commune_officer': 'Commune officer',
  'role.province_admin': 'Province admin',
  'role.content_editor': 'Content editor',
  'people.err.phone': 'must be 10 digits starting with 0, or +84 and 9 digits',
  'people.err.wrong_login': 'wrong phone number, username or password',
  'people.err.wait_seconds': {
    one: 'too many failed attempts; try again in {count} second',
    other: 'too many failed attempts; try again in {count} seconds',
  },
  'people.err.wait_minutes': {
    one: 'too many failed attempts; try again in {count} minute',
    other: 'too many failed attempts; try again in {count} minutes',
  },
  'people.err.phone_taken': '{phone} already has an account: sign in',
} satisfies Translation<typeof peopleVi>
