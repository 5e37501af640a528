/** Node identity and small settings, plus the audit trail every officer change writes to. */
export type SystemTables = {
  meta: { key: string; value: string }
  audit_log: {
    id: string
    origin_node: string
    at: string
    actor_id: string | null
    action: string
    target_type: string
    target_id: string
    detail: string
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends SystemTables {}
}
