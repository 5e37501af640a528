/**
 * The shape of a hocso certificate: an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable
 * Credential 2.0) whose `AchievementSubject` names the person and whose `Achievement` describes the
 * course or event. Only terms defined by the two bundled contexts are used, because the signature
 * canonicalises in safe mode: an undefined term would make signing fail rather than be ignored.
 */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'

export type AchievementInput = {
  /** Stable URL of the course or event. */
  id: string
  /** OB achievement type: 'Course', or an `ext:` extension. */
  achievementType: string
  name: string
  description: string
  criteria: string
  competency?: string | undefined
  level?: string | undefined
}

export type CredentialInput = {
  /** UUIDv7 of the certificate. */
  id: string
  issuer: { did: string; name: string; url: string }
  issuedAt: string
  /** When the person earned it (course completed, event attended). */
  awardedAt: string
  learnerName: string
  lang: string
  achievement: AchievementInput
  credentialStatus: Record<string, string>
}

/** XSD dateTimeStamp without milliseconds, as wallets expect. */
export function xsdDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Builds the unsigned credential. */
export function buildCredential(c: CredentialInput): Record<string, unknown> {
  const a = c.achievement
  const tags = [a.competency, a.level].filter((x): x is string => !!x)
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: `urn:uuid:${c.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: a.name,
    issuer: { id: c.issuer.did, type: ['Profile'], name: c.issuer.name, url: c.issuer.url },
    validFrom: xsdDate(c.issuedAt),
    awardedDate: xsdDate(c.awardedAt),
    credentialSubject: {
      type: ['AchievementSubject'],
      name: c.learnerName,
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: c.learnerName },
      ],
      activityEndDate: xsdDate(c.awardedAt),
      achievement: {
        id: a.id,
        type: ['Achievement'],
        achievementType: a.achievementType,
        name: a.name,
        description: a.description,
        criteria: { narrative: a.criteria },
        inLanguage: c.lang,
        ...(a.competency ? { fieldOfStudy: a.competency } : {}),
        ...(tags.length ? { tag: tags } : {}),
      },
    },
    credentialStatus: c.credentialStatus,
  }
}

/** What a credential claims, read defensively from any JSON (for display, never trusted alone). */
export type Claims = {
  id?: string
  learner?: string
  achievement?: string
  description?: string
  achievementType?: string
  competency?: string
  issuerName?: string
  issuerId?: string
  issuedAt?: string
  awardedAt?: string
  validUntil?: string
  lang?: string
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 2000 ? v : undefined)
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

/** Extracts the claims shown to a person checking a credential. */
export function claimsOf(credential: Record<string, unknown>): Claims {
  const issuer = credential.issuer
  const subjectRaw = Array.isArray(credential.credentialSubject)
    ? credential.credentialSubject[0]
    : credential.credentialSubject
  const subject = obj(subjectRaw)
  const achievement = obj(subject.achievement)
  return {
    id: str(credential.id),
    learner: str(subject.name),
    achievement: str(achievement.name) ?? str(credential.name),
    description: str(achievement.description),
    achievementType: str(achievement.achievementType),
    competency: str(achievement.fieldOfStudy),
    issuerName: typeof issuer === 'string' ? undefined : str(obj(issuer).name),
    issuerId: typeof issuer === 'string' ? issuer : str(obj(issuer).id),
    issuedAt: str(credential.validFrom) ?? str(credential.issuanceDate),
    awardedAt: str(credential.awardedDate),
    validUntil: str(credential.validUntil) ?? str(credential.expirationDate),
    lang: str(achievement.inLanguage),
  }
}
