import type { Translation } from '../../core/i18n.ts'
import type { certificatesVi } from './certificates.messages.vi.ts'

export const certificatesFr = {
  'nav.certificates': 'Mes certificats',
  'nav.verify': 'Vérifier un certificat',
  'nav.certificates_admin': 'Gestion des certificats',
  'certificates.issuer.name':
    'Mouvement « Éducation numérique pour tous » (Bình dân học vụ số), province de Điện Biên',
  'certificates.issuer.title': 'Émetteur des certificats',
  'certificates.issuer.lead':
    'hocso délivre des certificats numériques au format Open Badges 3.0, signés avec une clé Ed25519. Chacun peut les vérifier, même sans connexion, avec des outils standard ou sur la page Vérifier un certificat.',
  'certificates.issuer.did': 'Identifiant de l’émetteur (DID)',
  'certificates.issuer.keys': 'Clés de signature',
  'certificates.issuer.key_active': 'en service, créée le {date}',
  'certificates.issuer.key_retired': 'ne délivre plus depuis le {date}, sert encore à vérifier',
  'certificates.issuer.status_lists': 'Listes de révocation',
  'certificates.issuer.json': 'Profil de l’émetteur en JSON-LD',
  'certificates.credential.course_description': 'A suivi jusqu’au bout le cours « {name} » sur hocso.',
  'certificates.credential.course_criteria': 'Avoir suivi toutes les leçons et réussi les quiz du cours.',
  'certificates.credential.event_description': 'A participé à « {name} ».',
  'certificates.credential.event_criteria': 'Présence enregistrée à l’événement.',
  'certificates.kind.course': 'Cours',
  'certificates.kind.event': 'Événement',
  'certificates.revoked_badge': 'Révoqué',
  'certificates.my.title': 'Mes certificats',
  'certificates.my.empty': 'Vous n’avez pas encore de certificat. Terminez un cours pour en recevoir un.',
  'certificates.my.issued_on': 'Délivré le {date}',
  'certificates.my.view': 'Voir et imprimer',
  'certificates.my.download': 'Télécharger le certificat (JSON)',
  'certificates.my.wallet_hint':
    'Le fichier JSON est le certificat numérique signé : gardez-le, envoyez-le à un employeur ou ajoutez-le à un portefeuille de certificats sur votre téléphone.',
  'certificates.print.heading': 'Certificat',
  'certificates.print.certifies': 'Ce certificat atteste que',
  'certificates.print.completed': 'a suivi jusqu’au bout le cours',
  'certificates.print.attended': 'a participé à',
  'certificates.print.date': 'Le {date}',
  'certificates.print.scan': 'Scannez pour vérifier',
  'certificates.print.id': 'Numéro du certificat',
  'certificates.print.hint':
    'Pour imprimer ou enregistrer en PDF, utilisez la commande Imprimer du navigateur (Ctrl+P, ou menu ⋮ → Imprimer / Partager).',
  'certificates.print.back': 'Mes certificats',
  'certificates.print.revoked': 'Ce certificat a été révoqué le {date}. Motif : {reason}',
  'certificates.qr_label': 'Code QR menant à la page de vérification du certificat',
  'certificates.verify.title': 'Vérifier un certificat',
  'certificates.verify.lead':
    'Scannez le code QR du certificat, ou collez ou envoyez le fichier du certificat (JSON). Aucune connexion n’est nécessaire et rien n’est enregistré.',
  'certificates.verify.paste': 'Collez le contenu du certificat (JSON)',
  'certificates.verify.file': 'Ou choisissez le fichier du certificat',
  'certificates.verify.submit': 'Vérifier',
  'certificates.verify.again': 'Vérifier un autre certificat',
  'certificates.verify.valid': 'Valide',
  'certificates.verify.valid_lead': 'Ce certificat a été délivré par {issuer} et n’a pas été modifié.',
  'certificates.verify.revoked': 'Révoqué',
  'certificates.verify.revoked_lead': 'L’émetteur a révoqué ce certificat le {date}.',
  'certificates.verify.revoked_lead_nodate': 'L’émetteur a révoqué ce certificat.',
  'certificates.verify.revoked_reason': 'Motif : {reason}',
  'certificates.verify.expired': 'Expiré',
  'certificates.verify.expired_lead': 'Ce certificat n’est plus valable depuis le {date}.',
  'certificates.verify.not_authentic': 'Non authentique',
  'certificates.verify.reason.no_proof':
    'Le fichier ne porte aucune signature : on ne peut pas savoir qui l’a délivré.',
  'certificates.verify.reason.unsupported_proof':
    'La signature n’est pas du type qu’utilise hocso (Data Integrity, eddsa-rdfc-2022).',
  'certificates.verify.reason.unknown_key':
    'La signature n’est pas celle de {issuer} : le fichier a été signé avec une autre clé.',
  'certificates.verify.reason.bad_signature':
    'Le contenu a été modifié après la signature (nom, cours, date ou émetteur), ou la signature est abîmée.',
  'certificates.verify.reason.not_yet_valid': 'La date de délivrance inscrite est dans le futur.',
  'certificates.verify.reason.status_unavailable':
    'La liste de révocation indiquée par le certificat est illisible : impossible de le confirmer.',
  'certificates.verify.reason.invalid': 'Le fichier ne respecte pas les règles d’un certificat numérique.',
  'certificates.verify.claims': 'Ce que le certificat affirme',
  'certificates.verify.claims_warning':
    'Ne vous fiez pas à ces informations : elles ne sont pas authentifiées.',
  'certificates.verify.learner': 'Titulaire',
  'certificates.verify.achievement': 'Réussite',
  'certificates.verify.issuer': 'Émetteur',
  'certificates.verify.issued': 'Délivré le',
  'certificates.verify.awarded': 'Obtenu le',
  'certificates.verify.language': 'Langue',
  'certificates.verify.detail': 'Détails techniques',
  'certificates.verify.not_found':
    'Ce serveur ne détient aucun certificat numéro {id}. Vérifiez le lien, ou envoyez le fichier du certificat.',
  'certificates.verify.error.empty':
    'Rien à vérifier : collez le contenu du certificat ou choisissez son fichier.',
  'certificates.verify.error.malformed':
    'Ce n’est pas du JSON valide. Collez le fichier en entier, du premier { au dernier }.',
  'certificates.verify.error.too_large':
    'Fichier trop gros (plus de {kb} Ko). Un certificat hocso fait environ 3 Ko : ce n’est sans doute pas le bon fichier.',
  'certificates.verify.error.not_credential':
    'Ce fichier n’est pas un certificat numérique (Verifiable Credential).',
  'certificates.verify.error.unknown_context':
    'Le certificat utilise un vocabulaire (@context) que ce serveur ne connaît pas : {context}. hocso ne lit que les normes W3C et Open Badges 3.0.',
  'certificates.admin.title': 'Gestion des certificats',
  'certificates.admin.empty': 'Aucun certificat pour l’instant.',
  'certificates.admin.reason': 'Motif de la révocation',
  'certificates.admin.revoke': 'Révoquer',
  'certificates.admin.revoke_hint':
    'Une révocation est définitive. Qui vérifie le certificat verra sa date et son motif.',
  'certificates.admin.revoked_ok': 'Certificat révoqué.',
  'certificates.share': 'Envoyer le lien de vérification',
  'certificates.share.text': 'Vérifiez mon certificat ici :',
} satisfies Translation<typeof certificatesVi>
