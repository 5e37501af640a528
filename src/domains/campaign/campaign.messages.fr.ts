import type { Translation } from '../../core/i18n.ts'
import type { campaignVi } from './campaign.messages.vi.ts'

export const campaignFr = {
  'ind.ai_trainings_held': 'Formations IA tenues',
  'ind.ai_trainings_held.how':
    'Formations (thème IA pour les agents) avec au moins une présence enregistrée ; chacune comptée une fois, la semaine de la première présence.',
  'ind.officials_trained_ai': 'Agents formés à l’IA',
  'ind.officials_trained_ai.how':
    'Personnes distinctes présentes à une formation IA pour les agents ; une personne venue à plusieurs formations compte une fois (par compte, sinon téléphone, sinon inscription).',
  'ind.festivals_held': 'Fêtes tenues',
  'ind.festivals_held.how':
    'Événements de type « fête » avec au moins une présence enregistrée ; chacune comptée une fois, la semaine de la première présence.',
  'ind.festival_attendance': 'Présences aux fêtes',
  'ind.festival_attendance.how':
    'Personnes pointées aux fêtes, une fois par personne et par fête (deux fêtes, deux présences) ; par compte, sinon téléphone, sinon inscription.',
  'ind.ai_festivals_held': 'Festivals de l’IA tenus',
  'ind.ai_festivals_held.how':
    'Fêtes sur le thème de l’IA (« L’IA pour tous ») avec au moins une présence enregistrée.',
  'ind.ai_festival_attendance': 'Présences au Festival de l’IA',
  'ind.ai_festival_attendance.how':
    'Personnes pointées aux fêtes sur l’IA, une fois par personne et par fête.',
  'dash.sectors': 'Formations à l’IA des agents, par secteur',
  'dash.sectors.sector': 'Secteur',
  'dash.sectors.trainings': 'Formations tenues',
  'dash.sectors.people': 'Personnes formées',
  'dash.sectors.total': 'Total',
  'dash.sectors.target': 'Objectif',
  'dash.sectors.note':
    'Une personne formée dans deux secteurs compte dans chacun : le total des personnes peut être inférieur à la somme des lignes ; les formations antérieures aux secteurs ne comptent que dans le total.',
  'dash.festivals': 'Fêtes',
  'ind.ai_trainings_held.sector.education': 'Formations IA tenues: éducation',
  'ind.ai_trainings_held.sector.education.how':
    'Formations IA des agents du secteur éducation avec au moins une présence enregistrée.',
  'ind.officials_trained_ai.sector.education': 'Agents formés à l’IA: éducation',
  'ind.officials_trained_ai.sector.education.how':
    'Personnes distinctes pointées à une formation IA des agents du secteur éducation.',
  'dash.sector.education': 'Éducation',
  'ind.ai_trainings_held.sector.smart_agriculture': 'Formations IA tenues: agriculture intelligente',
  'ind.ai_trainings_held.sector.smart_agriculture.how':
    'Formations IA des agents du secteur agriculture intelligente avec au moins une présence enregistrée.',
  'ind.officials_trained_ai.sector.smart_agriculture': 'Agents formés à l’IA: agriculture intelligente',
  'ind.officials_trained_ai.sector.smart_agriculture.how':
    'Personnes distinctes pointées à une formation IA des agents du secteur agriculture intelligente.',
  'dash.sector.smart_agriculture': 'Agriculture intelligente',
  'ind.ai_trainings_held.sector.tourism': 'Formations IA tenues: tourisme',
  'ind.ai_trainings_held.sector.tourism.how':
    'Formations IA des agents du secteur tourisme avec au moins une présence enregistrée.',
  'ind.officials_trained_ai.sector.tourism': 'Agents formés à l’IA: tourisme',
  'ind.officials_trained_ai.sector.tourism.how':
    'Personnes distinctes pointées à une formation IA des agents du secteur tourisme.',
  'dash.sector.tourism': 'Tourisme',
  'ind.ai_trainings_held.sector.public_administration': 'Formations IA tenues: administration publique',
  'ind.ai_trainings_held.sector.public_administration.how':
    'Formations IA des agents du secteur administration publique avec au moins une présence enregistrée.',
  'ind.officials_trained_ai.sector.public_administration': 'Agents formés à l’IA: administration publique',
  'ind.officials_trained_ai.sector.public_administration.how':
    'Personnes distinctes pointées à une formation IA des agents du secteur administration publique.',
  'dash.sector.public_administration': 'Administration publique',
  'ind.help_given': 'Aides apportées',
  'ind.help_given.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.people_helped': 'Personnes aidées',
  'ind.people_helped.how':
    'Une personne nommée compte une fois, quel que soit le nombre d’aides ; chaque aide anonyme compte pour une personne.',
  'ind.vneid_installs': 'Installations VNeID',
  'ind.vneid_installs.how': 'Aides « installer VNeID » enregistrées.',
  'ind.vneid_level2': 'Orientations VNeID niveau 2',
  'ind.vneid_level2.how': 'Aides « VNeID niveau 2 » (orientation vers la police) enregistrées.',
  'ind.households_checked': 'Foyers évalués',
  'ind.households_checked.how':
    'Foyers ayant une fiche « Famille numérique » ; chacun compté une fois, selon la dernière visite.',
  'ind.households_digital': 'Foyers « Famille numérique »',
  'ind.households_digital.how':
    'Foyers dont la dernière fiche remplit les six critères, sur le nombre de foyers des villages.',
  'ind.villages_active_group': 'Villages avec un groupe numérique actif',
  'ind.villages_active_group.how':
    'Villages où une aide ou une fiche de foyer a été enregistrée ces 30 derniers jours, sur le nombre de villages.',
  'ind.communes_active_group': 'Communes faisant vivre le modèle communautaire',
  'ind.communes_active_group.how':
    'Communes dont un groupe numérique a enregistré une activité (aide ou fiche de foyer) ces 30 derniers jours, sur 45.',
  'ind.learners': 'Apprenants',
  'ind.learners.how':
    'Personnes distinctes ayant ouvert au moins une leçon ; comptées là où elles ont commencé.',
  'ind.learners_active': 'Apprenants actifs (30 jours)',
  'ind.learners_active.how':
    'Apprenants ayant une activité ces 30 derniers jours, chacun une fois ; la série hebdomadaire compte les actifs de chaque semaine.',
  'ind.completions': 'Cours terminés',
  'ind.completions.how': 'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.certificates': 'Certificats délivrés',
  'ind.certificates.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.traders_onboarded': 'Commerçants intégrés',
  'ind.traders_onboarded.how':
    'Commerçants ayant franchi les cinq étapes de la liste, sur les commerçants inscrits.',
  'ind.villages_4g': 'Villages couverts en 4G',
  'ind.villages_4g.how': 'D’après la liste des villages (pas un fait d’activité).',
  'ind.villages_no_telecom': 'Villages sans réseau',
  'ind.villages_no_telecom.how': 'D’après la liste des villages (pas un fait d’activité).',
  'ind.villages_off_grid': 'Villages hors réseau électrique',
  'ind.villages_off_grid.how': 'D’après la liste des villages (pas un fait d’activité).',
  'ind.help_given.what.vneid_install': 'Aides apportées: installer VNeID',
  'ind.help_given.what.vneid_install.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.help_given.what.vneid_level2': 'Aides apportées: VNeID niveau 2',
  'ind.help_given.what.vneid_level2.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.help_given.what.public_service': 'Aides apportées: service public en ligne',
  'ind.help_given.what.public_service.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.help_given.what.payment_account': 'Aides apportées: compte de paiement',
  'ind.help_given.what.payment_account.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.help_given.what.first_cashless': 'Aides apportées: premier paiement sans espèces',
  'ind.help_given.what.first_cashless.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.help_given.what.list_products': 'Aides apportées: produits en ligne',
  'ind.help_given.what.list_products.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.help_given.what.course_enrol': 'Aides apportées: inscription à un cours',
  'ind.help_given.what.course_enrol.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.help_given.what.other': 'Aides apportées: autre',
  'ind.help_given.what.other.how':
    'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
  'ind.completions.audience.citizen': 'Cours terminés: citoyens',
  'ind.completions.audience.citizen.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.completions.audience.official': 'Cours terminés: agents publics',
  'ind.completions.audience.official.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.completions.audience.trader_farmer': 'Cours terminés: commerçants, agriculteurs',
  'ind.completions.audience.trader_farmer.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.completions.audience.pupil': 'Cours terminés: élèves',
  'ind.completions.audience.pupil.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.completions.lang.vi': 'Cours terminés: vietnamien',
  'ind.completions.lang.vi.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.completions.lang.fr': 'Cours terminés: français',
  'ind.completions.lang.fr.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.completions.lang.en': 'Cours terminés: anglais',
  'ind.completions.lang.en.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.completions.lang.blt': 'Cours terminés: taï dam',
  'ind.completions.lang.blt.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.completions.lang.hnj': 'Cours terminés: hmong',
  'ind.completions.lang.hnj.how':
    'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
  'ind.certificates.audience.citizen': 'Certificats délivrés: citoyens',
  'ind.certificates.audience.citizen.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.audience.official': 'Certificats délivrés: agents publics',
  'ind.certificates.audience.official.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.audience.trader_farmer': 'Certificats délivrés: commerçants, agriculteurs',
  'ind.certificates.audience.trader_farmer.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.audience.pupil': 'Certificats délivrés: élèves',
  'ind.certificates.audience.pupil.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.audience.event': 'Certificats délivrés: présence à un événement',
  'ind.certificates.audience.event.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.lang.vi': 'Certificats délivrés: vietnamien',
  'ind.certificates.lang.vi.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.lang.fr': 'Certificats délivrés: français',
  'ind.certificates.lang.fr.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.lang.en': 'Certificats délivrés: anglais',
  'ind.certificates.lang.en.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.lang.blt': 'Certificats délivrés: taï dam',
  'ind.certificates.lang.blt.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.certificates.lang.hnj': 'Certificats délivrés: hmong',
  'ind.certificates.lang.hnj.how':
    'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
  'ind.trader_step.payment_account': 'Commerçants: compte de paiement',
  'ind.trader_step.payment_account.how':
    'Commerçants dont la dernière fiche marque cette étape comme faite, sur les commerçants inscrits.',
  'ind.trader_step.vietqr_at_stall': 'Commerçants: VietQR au stand',
  'ind.trader_step.vietqr_at_stall.how':
    'Commerçants dont la dernière fiche marque cette étape comme faite, sur les commerçants inscrits.',
  'ind.trader_step.received_transfer': 'Commerçants: virement reçu',
  'ind.trader_step.received_transfer.how':
    'Commerçants dont la dernière fiche marque cette étape comme faite, sur les commerçants inscrits.',
  'ind.trader_step.listed_online': 'Commerçants: en vente en ligne',
  'ind.trader_step.listed_online.how':
    'Commerçants dont la dernière fiche marque cette étape comme faite, sur les commerçants inscrits.',
  'ind.trader_step.course_completed': 'Commerçants: cours de vente en ligne terminé',
  'ind.trader_step.course_completed.how':
    'Commerçants dont la dernière fiche marque cette étape comme faite, sur les commerçants inscrits.',
  'nav.dashboard': 'Avancement',
  'dash.title': 'Avancement de la campagne',
  'dash.today':
    'Chiffres au {date}, calculés à partir de ce qui a été enregistré, mis à jour dès qu’une donnée arrive.',
  'dash.demo':
    'Données de démonstration : l’activité des derniers mois est simulée pour la démonstration ; ce ne sont pas les chiffres réels de la province.',
  'dash.targets': 'Objectifs',
  'dash.no_targets': 'Aucun objectif pour ce territoire.',
  'dash.deadline': 'Échéance : {date}',
  'dash.pct_of_target': '{pct} de l’objectif',
  'dash.pace_needed': 'Rythme nécessaire : {pace}',
  'dash.pace_so_far': 'Rythme actuel : {pace} (8 dernières semaines)',
  'dash.pace.count': '{n}/semaine',
  'dash.pace.points': '{n} point(s) de %/semaine',
  'dash.projected': 'Atteint le {date} à ce rythme',
  'dash.not_at_pace': 'Pas à ce rythme',
  'dash.reached': 'Atteint',
  'dash.on_track': 'Dans les temps',
  'dash.behind': 'En retard',
  'dash.past_deadline': 'Échéance dépassée',
  'dash.projection': 'Projection',
  'dash.key_figures': 'Chiffres clés',
  'dash.communes': 'Communes et quartiers',
  'dash.villages': 'Villages et quartiers',
  'dash.reach': 'Plan de couverture',
  'dash.trends': 'Tendances hebdomadaires',
  'dash.indicators': 'Catalogue des indicateurs',
  'dash.manage_targets': 'Fixer et modifier les objectifs',
  'dash.report_vi': 'Rapport imprimable (vietnamien)',
  'dash.report_fr': 'Rapport imprimable (français)',
  'dash.export_csv': 'Télécharger en CSV',
  'dash.export_xlsx': 'Télécharger en Excel (XLSX)',
  'dash.col.code': 'Code',
  'dash.col.name': 'Nom',
  'dash.col.commune': 'Commune',
  'dash.col.activity': 'Activité',
  'dash.col.indicator': 'Code de l’indicateur',
  'dash.col.value': 'Valeur',
  'dash.col.percent': 'Taux (%)',
  'dash.col.pace_needed': 'Rythme nécessaire (par semaine)',
  'dash.col.pace_so_far': 'Rythme actuel (par semaine)',
  'dash.col.status': 'État',
  'dash.laggard': 'En retard',
  'dash.yes': 'Oui',
  'dash.lag_legend':
    'Case en gras : moins de la moitié du niveau d’ensemble de {parent} (en taux, ou par village). Ligne « En retard » : trois cases ou plus. Cliquez un en-tête pour trier.',
  'dash.now': 'Aujourd’hui',
  'dash.connectivity': 'Connectivité',
  'dash.has_4g': 'Couvert en 4G',
  'dash.no_4g_signal': 'Réseau sans 4G',
  'dash.no_telecom': 'Sans réseau',
  'dash.on_grid': 'Raccordé au réseau électrique',
  'dash.off_grid': 'Hors réseau électrique',
  'dash.last_activity': 'Dernière activité',
  'dash.last_data': 'Dernières données reçues',
  'dash.never': 'Jamais',
  'dash.visits': 'Visites prévues',
  'dash.visit.hub': 'Installer un point d’apprentissage hors ligne (hub)',
  'dash.visit.ambassador_visit': 'Visite d’un ambassadeur numérique',
  'dash.visit.village': 'Village',
  'dash.visit.kind': 'Action',
  'dash.visit.planned_on': 'Date prévue',
  'dash.visit.note': 'Note',
  'dash.visit.cancel': 'Annuler',
  'dash.plan_visit': 'Planifier une visite',
  'dash.save': 'Enregistrer',
  'dash.total': 'Total',
  'dash.reach.lead':
    '{count} villages dans ce périmètre. « Actif » : des données y sont nées ces 30 derniers jours.',
  'dash.reach.matrix': 'Villages par connectivité et activité',
  'dash.reach.no_telecom': '{count} villages sans réseau',
  'dash.reach.no_telecom_lead':
    'Les données n’en arrivent que par un hub ou un ambassadeur : hub installé, prochaine visite, dernières données reçues.',
  'dash.reach.flagged': 'Avec réseau mais sans activité depuis 30 jours : {count} villages',
  'dash.reach.flagged_lead': 'Ces villages attendent la visite d’un ambassadeur numérique.',
  'dash.reach.hub': 'Hub',
  'dash.reach.next_visit': 'Prochaine visite',
  'dash.reach.none_planned': 'Aucune visite prévue.',
  'dash.reach.as_of': 'Au {date}.',
  'dash.activity.active': 'Actif (30 jours)',
  'dash.activity.quiet': 'Silencieux depuis 30 jours',
  'dash.activity.never': 'Aucune donnée',
  'dash.conn.4g': 'Couvert en 4G',
  'dash.conn.no_telecom': 'Sans réseau',
  'dash.conn.off_grid': 'Hors réseau électrique',
  'dash.chart.desc': 'De la semaine du {from} à celle du {to} ; dernière semaine : {last} ; maximum : {max}.',
  'dash.chart.empty': 'Pas encore de données.',
  'dash.chart.values': 'Valeurs par semaine',
  'dash.trend.chart': 'Graphique hebdomadaire : {name}',
  'dash.trend.week': 'Semaine',
  'dash.trend.week_start': 'Début',
  'dash.trend.value': 'Dans la semaine',
  'dash.trend.level': 'Cumul',
  'dash.trend.choose': 'Indicateur',
  'dash.trend.show': 'Afficher',
  'dash.unit.count': 'Nombre',
  'dash.unit.percent': 'Pourcentage du {den}',
  'dash.den.villages': 'nombre de villages',
  'dash.den.communes': 'nombre de communes',
  'dash.den.households': 'nombre de foyers',
  'dash.den.traders': 'nombre de commerçants inscrits',
  'dash.ind.how': 'Mode de calcul',
  'dash.ind.unit': 'Unité',
  'dash.ind.levels': 'Niveaux',
  'dash.level.province': 'Province',
  'dash.level.commune': 'Commune',
  'dash.level.village': 'Village',
  'dash.target.new': 'Nouvel objectif',
  'dash.target.indicator': 'Indicateur',
  'dash.target.value': 'Objectif',
  'dash.target.value_hint':
    'Un nombre ; pour un indicateur en pourcentage, le pourcentage (par exemple 100).',
  'dash.target.deadline': 'Échéance',
  'dash.target.note': 'Note (source, plan)',
  'dash.target.edit': 'Modifier l’objectif',
  'dash.target.history': 'Historique',
  'dash.target.withdraw': 'Retirer cet objectif',
  'dash.target.withdrawn': 'Retiré',
  'dash.audit.target.create': 'Objectif fixé',
  'dash.audit.target.update': 'Objectif modifié',
  'dash.audit.target.withdraw': 'Objectif retiré',
  'dash.report.title': 'Rapport d’avancement de l’Éducation numérique pour tous',
  'dash.report.scope': 'Périmètre : {name}',
  'dash.report.date': 'Établi le {date}',
  'dash.report.share': 'Atteint',
  'dash.report.paces': 'Rythme nécessaire / actuel',
  'dash.report.print_hint': 'Utilisez la commande Imprimer du navigateur (Ctrl+P) pour imprimer en A4.',
  'dash.report.source':
    'Tous les chiffres sont calculés à partir des données enregistrées dans hocso ; établi le {at}.',
  'plan.err.yaml': 'YAML invalide ({detail})',
  'plan.err.not_a_plan': 'un fichier de plan a les champs plan, title, source et targets',
  'plan.err.unknown_field': 'champ inconnu (champs possibles : {known})',
  'plan.err.required': 'obligatoire',
  'plan.err.plan_id': 'de 2 à 64 minuscules, chiffres ou -, par exemple dien-bien-2026',
  'plan.err.targets': 'doit être une liste d’au moins un objectif',
  'plan.err.too_many': 'au plus {max} objectifs',
  'plan.err.row': 'chaque objectif a indicator, place, period, value',
  'plan.err.indicator': '« {value} » n’est pas un indicateur du catalogue (voir /dashboard/indicators)',
  'plan.err.place': '« {value} » n’est le code ni de la province ni d’une de ses communes ou quartiers',
  'plan.err.place_village':
    '« {value} » est un village : les objectifs se fixent pour la province ou une commune',
  'plan.err.level': 'l’indicateur {indicator} ne se mesure pas à ce niveau',
  'plan.err.period_shape':
    '« {value} » n’est pas une période : une année (2026), un trimestre (2026-Q4), un mois (2026-06) ou un jour (2026-12-31)',
  'plan.err.period_year': '« {value} » : l’année doit aller de 2000 à 2100',
  'plan.err.period_quarter': '« {value} » : une année a les trimestres Q1 à Q4',
  'plan.err.period_month': '« {value} » : une année a les mois 01 à 12',
  'plan.err.period_day': '« {value} » n’est pas un jour du calendrier',
  'plan.err.number': '« {value} » n’est pas un nombre ; l’écrire sans séparateur (2000)',
  'plan.err.positive': 'doit être supérieur à 0',
  'plan.err.huge': 'au plus {max}',
  'plan.err.percent': 'au plus 100 pour un pourcentage',
  'plan.err.whole': 'doit être un nombre entier pour un compte',
  'plan.err.duplicate': 'même indicateur, lieu et fin de période qu’à la ligne {line}',
  'plan.err.other_plan': 'cet objectif appartient au plan {plan} ; le retirer d’abord de ce plan',
  'plan.cli.no_file': '{file} : fichier introuvable',
  'plan.cli.bar': 'objectifs',
  'plan.cli.add': 'ajout',
  'plan.cli.change': 'modification',
  'plan.cli.same': 'inchangé',
  'plan.cli.withdraw': 'retrait',
  'plan.cli.problems': {
    one: '{count} problème ; rien n’a été écrit.',
    other: '{count} problèmes ; rien n’a été écrit.',
  },
  'plan.cli.dry':
    'Essai du plan {plan} : {add} à ajouter, {change} à modifier, {withdraw} à retirer, {same} inchangés. Rien n’a été écrit ; pour écrire, relancer avec --apply.',
  'plan.cli.applied':
    'Plan {plan} importé : {add} ajoutés, {change} modifiés, {withdraw} retirés, {same} inchangés.',
  'plan.cli.choose_plan': 'plusieurs plans : en choisir un avec --plan ({plans})',
  'plan.cli.no_plans': 'aucun plan importé (hocso plan import <fichier> --apply)',
  'plan.cli.unknown_plan': 'pas de plan {plan} (plans importés : {plans})',
  'plan.cli.exported': 'Plan {plan} écrit dans {file}.',
  'dash.target.from_plan':
    'Objectif du plan {plan} (période {period}) : le prochain import du plan le remettra comme dans le fichier.',
  'dash.target.source': 'Source',
} satisfies Translation<typeof campaignVi>
