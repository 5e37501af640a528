import type { Translation } from '../../core/i18n.ts'
import type { certificatesVi } from './certificates.messages.vi.ts'

export const certificatesEn = {
  'nav.certificates': 'My certificates',
  'nav.verify': 'Check a certificate',
  'nav.certificates_admin': 'Manage certificates',
  'certificates.issuer.name': 'Digital Education for All (Bình dân học vụ số), Điện Biên province',
  'certificates.issuer.title': 'Certificate issuer',
  'certificates.issuer.lead':
    'hocso issues digital certificates as Open Badges 3.0, signed with an Ed25519 key. Anyone can check them, even offline, with standard tools or on the Check a certificate page.',
  'certificates.issuer.did': 'Issuer identifier (DID)',
  'certificates.issuer.keys': 'Signing keys',
  'certificates.issuer.key_active': 'in use, created on {date}',
  'certificates.issuer.key_retired': 'no longer issuing since {date}, still used to check',
  'certificates.issuer.status_lists': 'Revocation lists',
  'certificates.issuer.json': 'Issuer profile as JSON-LD',
  'certificates.credential.course_description': 'Completed the course “{name}” on hocso.',
  'certificates.credential.course_criteria': 'Completed every lesson and passed the quizzes of the course.',
  'certificates.credential.event_description': 'Attended “{name}”.',
  'certificates.credential.event_criteria': 'Was present and checked in at the event.',
  'certificates.kind.course': 'Course',
  'certificates.kind.event': 'Event',
  'certificates.revoked_badge': 'Revoked',
  'certificates.my.title': 'My certificates',
  'certificates.my.empty': 'You have no certificate yet. Complete a course to receive one.',
  'certificates.my.issued_on': 'Issued on {date}',
  'certificates.my.view': 'View and print',
  'certificates.my.download': 'Download the credential (JSON)',
  'certificates.my.wallet_hint':
    'The JSON file is the signed digital certificate: keep it, send it to an employer, or add it to a credential wallet on your phone.',
  'certificates.print.heading': 'Certificate',
  'certificates.print.certifies': 'This certifies that',
  'certificates.print.completed': 'has completed the course',
  'certificates.print.attended': 'attended',
  'certificates.print.date': 'On {date}',
  'certificates.print.scan': 'Scan to check',
  'certificates.print.id': 'Certificate number',
  'certificates.print.hint':
    'To print or save as PDF, use your browser’s Print command (Ctrl+P, or menu ⋮ → Print / Share).',
  'certificates.print.back': 'My certificates',
  'certificates.print.revoked': 'This certificate was revoked on {date}. Reason: {reason}',
  'certificates.qr_label': 'QR code leading to the certificate’s check page',
  'certificates.verify.title': 'Check a certificate',
  'certificates.verify.lead':
    'Scan the QR code on the certificate, or paste or upload the certificate file (JSON). No sign-in is needed and nothing is stored.',
  'certificates.verify.paste': 'Paste the certificate (JSON)',
  'certificates.verify.file': 'Or choose the certificate file',
  'certificates.verify.submit': 'Check',
  'certificates.verify.again': 'Check another certificate',
  'certificates.verify.valid': 'Valid',
  'certificates.verify.valid_lead': 'This certificate was issued by {issuer} and has not been changed.',
  'certificates.verify.revoked': 'Revoked',
  'certificates.verify.revoked_lead': 'The issuer revoked this certificate on {date}.',
  'certificates.verify.revoked_lead_nodate': 'The issuer revoked this certificate.',
  'certificates.verify.revoked_reason': 'Reason: {reason}',
  'certificates.verify.expired': 'Expired',
  'certificates.verify.expired_lead': 'This certificate stopped being valid on {date}.',
  'certificates.verify.not_authentic': 'Not authentic',
  'certificates.verify.reason.no_proof': 'The file carries no signature, so nobody can tell who issued it.',
  'certificates.verify.reason.unsupported_proof':
    'The signature is not of the kind hocso uses (Data Integrity, eddsa-rdfc-2022).',
  'certificates.verify.reason.unknown_key':
    'The signature is not {issuer}’s: the file was signed with another key.',
  'certificates.verify.reason.bad_signature':
    'The content was changed after it was signed (name, course, date or issuer), or the signature is damaged.',
  'certificates.verify.reason.not_yet_valid': 'The issue date written on it lies in the future.',
  'certificates.verify.reason.status_unavailable':
    'The revocation list it points to cannot be read, so it cannot be confirmed.',
  'certificates.verify.reason.invalid': 'The file does not follow the rules of a digital credential.',
  'certificates.verify.claims': 'What the credential claims',
  'certificates.verify.claims_warning': 'Do not rely on what follows: it is not authenticated.',
  'certificates.verify.learner': 'Holder',
  'certificates.verify.achievement': 'Achievement',
  'certificates.verify.issuer': 'Issuer',
  'certificates.verify.issued': 'Issued on',
  'certificates.verify.awarded': 'Earned on',
  'certificates.verify.language': 'Language',
  'certificates.verify.detail': 'Technical details',
  'certificates.verify.not_found':
    'This server holds no certificate number {id}. Check the link, or upload the certificate file.',
  'certificates.verify.error.empty': 'Nothing to check: paste the certificate or choose its file.',
  'certificates.verify.error.malformed':
    'This is not valid JSON. Paste the whole file, from the first { to the last }.',
  'certificates.verify.error.too_large':
    'The file is too big (over {kb} KB). A hocso certificate is about 3 KB: this is probably not the right file.',
  'certificates.verify.error.not_credential':
    'This file is not a digital certificate (Verifiable Credential).',
  'certificates.verify.error.unknown_context':
    'The certificate uses a vocabulary (@context) this server does not know: {context}. hocso reads only the W3C and Open Badges 3.0 standards.',
  'certificates.admin.title': 'Manage certificates',
  'certificates.admin.empty': 'No certificate yet.',
  'certificates.admin.reason': 'Reason for revoking',
  'certificates.admin.revoke': 'Revoke',
  'certificates.admin.revoke_hint':
    'A revocation cannot be undone. Whoever checks the certificate will see its date and reason.',
  'certificates.admin.revoked_ok': 'Certificate revoked.',
} satisfies Translation<typeof certificatesVi>
