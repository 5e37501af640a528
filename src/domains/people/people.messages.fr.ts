import type { Translation } from '../../core/i18n.ts'
import type { peopleVi } from './people.messages.vi.ts'

export const peopleFr = {
  'people.login.title': 'Connexion',
  'people.login.login': 'Numéro de téléphone ou identifiant',
  'people.password': 'Mot de passe',
  'people.password.hint': 'Au moins 8 caractères.',
  'people.signup.link': 'Pas encore de compte ? Créer un compte',
  'people.signup.title': 'Créer un compte',
  'people.signup.submit': 'Créer le compte',
  'people.name': 'Nom complet',
  'people.phone': 'Numéro de téléphone',
  'people.phone.hint': 'Exemple : 0912345678',
  'people.birth_year': 'Année de naissance (facultatif)',
  'people.year': 'Année de naissance',
  'people.consent.short': 'Accord',
  'people.place': 'Village',
  'people.consent':
    'J’accepte que hocso conserve mon nom, mon année de naissance, mon numéro de téléphone et mes résultats, uniquement pour mon apprentissage (décret 13/2023/NĐ-CP).',
  'people.grant.title': 'Attribuer un rôle',
  'people.grant.submit': 'Attribuer',
  'people.account_id': 'Utilisateur',
  'people.role': 'Rôle',
  'people.scope': 'Périmètre (code du lieu)',
  'role.learner': 'Apprenant',
  'role.ambassador': 'Ambassadeur du numérique',
  'role.trainer': 'Formateur',
  'role.translator': 'Traducteur',
  'role.commune_officer': 'Agent de la commune',
  'role.province_admin': 'Administrateur provincial',
  'role.content_editor': 'Éditeur de contenu',
} satisfies Translation<typeof peopleVi>
