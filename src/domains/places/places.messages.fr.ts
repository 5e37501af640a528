import type { Translation } from '../../core/i18n.ts'
import type { placesVi } from './places.messages.vi.ts'

export const placesFr = {
  'places.title': 'Territoire',
  'places.yours': 'Vos lieux',
  'places.units': 'Communes et quartiers',
  'places.kind.province': 'Province',
  'places.kind.commune': 'Commune',
  'places.kind.ward': 'Quartier urbain',
  'places.kind.village': 'Village',
  'places.count.units': { one: '{count} commune ou quartier', other: '{count} communes et quartiers' },
  'places.count.villages': { one: '{count} village', other: '{count} villages' },
  'places.count.with4g': {
    one: '{count} couvert par la 4G ({percent})',
    other: '{count} couverts par la 4G ({percent})',
  },
  'places.count.no_telecom': {
    one: '{count} sans aucun réseau mobile',
    other: '{count} sans aucun réseau mobile',
  },
  'places.count.off_grid': {
    one: '{count} hors du réseau électrique national',
    other: '{count} hors du réseau électrique national',
  },
  'places.col.name': 'Nom',
  'places.col.villages': 'Villages',
  'places.col.4g': '4G',
  'places.col.no_telecom': 'Sans réseau',
  'places.col.off_grid': 'Sans électricité',
  'places.flag.4g': '4G',
  'places.flag.no_4g': 'Pas de 4G',
  'places.flag.no_telecom': 'Aucun réseau mobile',
  'places.flag.off_grid': 'Hors réseau électrique',
  'places.field.code': 'Code',
  'places.field.name': 'Nom',
  'places.field.unit': 'Commune ou quartier',
  'places.field.has_4g': 'Couverture 4G',
  'places.field.has_telecom': 'Réseau mobile',
  'places.field.on_grid': 'Raccordé au réseau électrique national',
  'places.field.population': 'Population',
  'places.field.households': 'Ménages',
  'places.yes': 'Oui',
  'places.no': 'Non',
  'places.unknown': 'Inconnu',
  'places.households_short': { one: '{count} ménage', other: '{count} ménages' },
  'places.none': 'Aucun village pour l’instant.',
  'places.demo':
    'Cette liste de villages est une démonstration : noms et chiffres sont générés pour reproduire les chiffres de la province. L’administration provinciale peut importer la vraie liste depuis un fichier CSV.',
  'places.import.title': 'Importer les villages',
  'places.import.lead': 'Fichier CSV (UTF-8) dont la première ligne est l’en-tête :',
  'places.import.rules':
    'Un village dont le code existe est mis à jour. Si une seule ligne est fausse, rien n’est importé.',
  'places.import.file': 'Fichier CSV',
  'places.import.submit': 'Importer',
  'places.import.done': 'Import terminé : {inserted} ajoutés, {updated} mis à jour.',
  'places.import.failed': {
    one: '{count} problème ; rien n’a été importé.',
    other: '{count} problèmes ; rien n’a été importé.',
  },
  'places.import.line': 'Ligne {line}',
  'places.import.move_refused':
    'le village {code} appartient à la commune {from} ; le fichier le place dans la commune {to}. Pour le déplacer, cochez « Déplacer les villages vers la commune indiquée dans le fichier » et importez à nouveau.',
  'places.import.allow_moves':
    'Déplacer les villages vers la commune indiquée dans le fichier (chaque déplacement est listé avant)',
  'places.import.moves': {
    one: 'Ce fichier déplace {count} village vers une autre commune :',
    other: 'Ce fichier déplace {count} villages vers une autre commune :',
  },
  'places.import.move': '{code} {name} : commune {from} → commune {to}',
  'places.edit.title': 'Corriger les informations du village',
  'places.edit.submit': 'Enregistrer',
  'places.edit.saved': 'Enregistré.',
} satisfies Translation<typeof placesVi>
