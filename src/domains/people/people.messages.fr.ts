import type { Translation } from '../../core/i18n.ts'
import type { peopleVi } from './people.messages.vi.ts'

export const peopleFr = {
  'people.grant.out_of_reach': 'cette personne habite {place}, hors des lieux que vous gérez',
  'people.grant.province_only':
    'cette personne n’a ni village ni commune : seul un administrateur de la province peut lui donner un rôle',
  'people.password.personal':
    'trop facile à deviner : c’est (ou il contient) votre numéro, votre identifiant ou votre nom',
  'people.password.common':
    'trop facile à deviner : c’est l’un des mots de passe ou des mots les plus courants',
  'people.password.pattern':
    'trop facile à deviner : une suite, une répétition ou une rangée du clavier comme 12345678 ou aaaaaaaa',
  'people.password.guessable':
    'trop facile à deviner : allongez-le, par exemple trois mots dont vous vous souviendrez',
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
  'role.voice': 'Voix de la communauté',
  'role.commune_officer': 'Agent de la commune',
  'role.province_admin': 'Administrateur provincial',
  'role.content_editor': 'Éditeur de contenu',
  'people.err.phone': '10 chiffres commençant par 0 (ou +84 et 9 chiffres)',
  'people.err.wrong_login': 'numéro, identifiant ou mot de passe incorrect',
  'people.err.locked': 'trop d’essais manqués ; attendez {minutes} minutes puis réessayez',
  'people.err.phone_taken': 'le numéro {phone} a déjà un compte : connectez-vous',
} satisfies Translation<typeof peopleVi>
