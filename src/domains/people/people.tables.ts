/** Accounts, their scoped roles, sessions, sign-in throttling and recorded consents. */
export type PeopleTables = {
  accounts: {
    id: string
    origin_node: string
    hlc: string
    created_at: string
    phone: string | null
    username: string | null
    display_name: string
    birth_year: number | null
    /** Home village or commune code, when known. */
    place_code: string | null
    password_hash: string | null
    locale: string
    /** 1 for demonstration accounts made by the demo seed. */
    demo: number
    erased_at: string | null
  }
  role_assignments: {
    id: string
    origin_node: string
    hlc: string
    created_at: string
    account_id: string
    role: string
    scope_code: string
    /** Languages a translator works on, comma-separated; empty for other roles. */
    languages: string
    granted_by: string | null
    revoked_at: string | null
  }
  sessions: {
    id: string
    account_id: string
    csrf_token: string
    created_at: string
    expires_at: string
    user_agent: string | null
  }
  login_throttle: {
    key: string
    failures: number
    first_failure_at: string
    locked_until: string | null
  }
  consents: {
    id: string
    origin_node: string
    created_at: string
    account_id: string
    kind: string
    recorded_by: string | null
    text_version: string
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends PeopleTables {}
}
