import type { Translation } from '../../core/i18n.ts'
import type { privacyVi } from './privacy.messages.vi.ts'

export const privacyFr = {
  'privacy.my.link': 'Mes données : les télécharger ou les effacer',
  'privacy.my.title': 'Mes données',
  'privacy.my.lead':
    'hocso conserve votre nom, votre téléphone, votre année de naissance, vos rôles, votre consentement et vos résultats d’apprentissage. Vous pouvez tout télécharger, ou en demander l’effacement (décret vietnamien 13/2023).',
  'privacy.export.link': 'Télécharger mes données (fichier JSON)',
  'privacy.export.short': 'Télécharger',
  'privacy.erase.short': 'Effacer',
  'privacy.actions': 'Actions',
  'privacy.erase.title': 'Effacer les données personnelles',
  'privacy.erase.person': 'Personne concernée : {name}',
  'privacy.erase.removed_title': 'Sera effacé',
  'privacy.erase.removed.account':
    'Le nom, le numéro de téléphone, l’année de naissance, l’identifiant et le mot de passe.',
  'privacy.erase.removed.access':
    'Toutes les sessions et tous les rôles. Ensuite, plus personne ne peut se connecter avec ce compte.',
  'privacy.erase.removed.market': 'Le nom, le téléphone et le compte bancaire des fiches de commerçant.',
  'privacy.erase.removed.events':
    'Le nom, le téléphone, l’organisme et la fonction dans les inscriptions aux événements.',
  'privacy.erase.removed.certificates':
    'Les certificats sont révoqués. La page de vérification indique seulement « révoqué », sans le nom.',
  'privacy.erase.removed.studio': 'Les enregistrements non approuvés de l’atelier de traduction.',
  'privacy.erase.kept_title': 'Reste, sans nom',
  'privacy.erase.kept':
    'Les comptes anonymes : leçons suivies, aides reçues, présences. Les tableaux de bord de la commune et de la province ne changent pas ; ils ne gardent qu’un numéro, plus de nom ni de téléphone.',
  'privacy.erase.final': 'L’effacement est définitif.',
  'privacy.erase.reason': 'Motif (par exemple le numéro de la demande). N’écrivez ni nom ni téléphone.',
  'privacy.erase.password': 'Votre mot de passe, pour confirmer',
  'privacy.erase.submit': 'Effacer définitivement',
  'privacy.erased.title': 'Données personnelles effacées',
  'privacy.erased.leaderless':
    'Cette personne dirigeait un groupe numérique : le groupe a besoin d’un nouveau responsable.',
  'privacy.erased.follow_up': 'Le faire maintenant',
  'privacy.erased.lead': 'Le compte a été effacé. Seuls les comptes anonymes restent.',
  'privacy.back_people': 'Retour à la liste des personnes',
} satisfies Translation<typeof privacyVi>
