import type { Translation } from '../core/i18n.ts'
import type { coreVi } from './core.messages.vi.ts'

export const coreFr = {
  'nav.home': 'Accueil',
  'nav.skip': 'Aller au contenu principal',
  'nav.language': 'Langue',
  'nav.menu': 'Menu',
  'nav.login': 'Se connecter',
  'nav.logout': 'Se déconnecter',
  'nav.courses': 'Cours',
  'nav.my_learning': 'Mon apprentissage',
  'nav.places': 'Territoire',
  'nav.people': 'Utilisateurs',
  'footer.about': 'hocso · Éducation numérique pour tous · province de Điện Biên',
  'offline.banner':
    'Vous êtes hors ligne. Ce que vous faites est gardé sur l’appareil et sera envoyé au retour du réseau.',
  'error.title': 'Erreur',
  'error.validation': 'Informations incorrectes',
  'error.malformed_json': 'Données illisibles',
  'error.payload_too_large': 'Données trop volumineuses',
  'error.unauthenticated': 'Connexion requise',
  'error.forbidden': 'Accès refusé',
  'error.csrf': 'Le formulaire a expiré',
  'error.not_found': 'Page introuvable',
  'error.conflict': 'Données en double',
  'error.rate_limited': 'Trop de tentatives',
  'error.internal': 'Erreur du système',
  'home.title': 'Éducation numérique pour tous',
  'home.lead': 'Apprenez gratuitement les compétences numériques, dans votre langue, même sans réseau.',
  'home.browse': 'Voir les cours',
  'home.signup': 'Créer un compte',
} satisfies Translation<typeof coreVi>
