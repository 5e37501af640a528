import type { Translation } from '../../core/i18n.ts'
import type { offlineVi } from './offline.messages.vi.ts'

export const offlineFr = {
  'nav.downloads': 'Mes téléchargements',
  'offline.app.name': 'Éducation numérique pour tous · hocso',
  'offline.app.description':
    'Apprenez gratuitement les compétences numériques, dans votre langue, même sans réseau.',
  'offline.pending': {
    one: '{count} enregistrement attend d’être envoyé.',
    other: '{count} enregistrements attendent d’être envoyés.',
  },
  'offline.voice_pending': {
    one: '{count} enregistrement attend d’être envoyé.',
    other: '{count} enregistrements attendent d’être envoyés.',
  },
  'offline.pending.none': 'Aucun enregistrement n’attend d’être envoyé.',
  'offline.refused': {
    one: '{count} enregistrement refusé par le serveur : le voir et le corriger.',
    other: '{count} enregistrements refusés par le serveur : les voir et les corriger.',
  },
  'offline.page.title': 'Pas de réseau',
  'offline.page.lead':
    'Vous êtes hors ligne et cette page n’est pas enregistrée sur l’appareil. Les cours téléchargés restent disponibles.',
  'offline.page.downloads': 'Ouvrir les cours téléchargés',
  'offline.download.button': 'Télécharger pour apprendre sans réseau',
  'offline.download.resume': 'Reprendre le téléchargement',
  'offline.download.update': 'Mettre à jour le téléchargement',
  'offline.download.remove': 'Supprimer le téléchargement',
  'offline.download.progress': '{done} / {total} fichiers · {size}',
  'offline.download.done': 'Téléchargé · {size}',
  'offline.download.size': 'Taille d’environ {size}',
  'offline.download.interrupted':
    'Téléchargement interrompu ({done} / {total} fichiers). Le cours n’est pas marqué comme téléchargé. Il reprendra au retour du réseau.',
  'offline.download.failed': 'Échec du téléchargement : {reason}',
  'offline.download.unsupported':
    'Ce navigateur ne peut pas garder de cours pour apprendre sans réseau. Utilisez Chrome ou un navigateur plus récent.',
  'offline.download.nojs': 'JavaScript est nécessaire pour télécharger un cours.',
  'offline.downloads.title': 'Mes téléchargements',
  'offline.downloads.lead': 'Les cours gardés sur cet appareil. Vous pouvez les suivre même sans réseau.',
  'offline.downloads.empty':
    'Aucun cours téléchargé. Ouvrez un cours et choisissez « Télécharger pour apprendre sans réseau ».',
  'offline.downloads.storage': '{used} utilisés sur {quota} permis par le navigateur.',
  'offline.downloads.partial': 'Téléchargement incomplet ({done} / {total} fichiers)',
  'offline.downloads.open': 'Ouvrir le cours',
  'offline.outbox.title': 'Enregistrements sur cet appareil',
  'offline.outbox.lead':
    'Ce que vous faites (leçons lues, quiz) est gardé d’abord sur l’appareil, puis envoyé quand le réseau est là.',
  'offline.outbox.send': 'Envoyer maintenant',
  'offline.outbox.refused.title': 'Refusés par le serveur',
  'offline.outbox.retry': 'Renvoyer',
  'offline.outbox.discard': 'Supprimer cet enregistrement',
  'offline.outbox.discard.confirm': 'Supprimer définitivement cet enregistrement de l’appareil ?',
  'offline.outbox.sent': 'Tout est envoyé.',
} satisfies Translation<typeof offlineVi>
