import type { Translation } from '../../core/i18n.ts'
import type { factsVi } from './facts.messages.vi.ts'

export const factsFr = {
  'facts.corrects.forbidden':
    'Vous ne pouvez pas corriger cet enregistrement : seulement un enregistrement du même type, là où vous pouvez en saisir.',
  'facts.fork.title': 'Corrigé deux fois, séparément',
  'facts.fork.lead':
    'Pendant que les deux serveurs ne se voyaient pas, cet enregistrement a été corrigé des deux côtés. La correction la plus récente compte partout ; l’autre est gardée ici pour comparer. Gardez la bonne : votre choix est une nouvelle correction, qui atteint chaque serveur à la prochaine synchronisation.',
  'facts.fork.counted': 'compté maintenant',
  'facts.fork.apart': 'mis de côté',
  'facts.fork.keep': 'Garder celle-ci',
} satisfies Translation<typeof factsVi>
