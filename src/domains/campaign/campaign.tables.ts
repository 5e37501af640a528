/**
 * The campaign's own tables. Rollups and markers are derived from facts (rebuildable at any time
 * with `hocso rollups rebuild`); targets and reach plans are editable records typed by officers.
 */
export type CampaignTables = {
  /**
   * Indicator values per place and period, kept as sums of deltas: `period` is an ISO week
   * (`2026-W05`), a day (`2026-01-30`, for "active in the last 30 days" windows) or `all` (the
   * running total). One row per indicator, place and period; the province is a place too.
   */
  campaign_rollups: {
    indicator: string
    place_code: string
    period: string
    value: number
  }
  /**
   * First-time, last-time and latest-state markers: one row per indicator and counted thing (a
   * person, an event, a trader, a household, a village). They make distinct counting incremental:
   * a person is counted when their first marker appears, never by COUNT DISTINCT at read time.
   */
  campaign_markers: {
    indicator: string
    key: string
    /** The finest place the marker counts for (village, commune or the province). */
    place_code: string
    /** When the fact behind the marker happened (ISO-8601 UTC). */
    at: string
    fact_id: string
    /** 1 or 0: for latest-state markers, whether the thing meets the indicator now. */
    value: number
  }
  /**
   * Facts out of their correction tree (decision 0202): corrected by a later fact, or on the losing
   * branch of a record corrected on two nodes apart. They no longer count, whichever arrived first.
   */
  campaign_corrected: {
    fact_id: string
    by_fact_id: string
  }
  /**
   * Facts stored but not yet rolled up (decision 0191): written in the fact's transaction, taken
   * and rolled up in one transaction, by whichever process drains first.
   */
  campaign_pending: {
    fact_id: string
  }
  /** What the province (or a commune) aims for: a value of one indicator by a deadline, in a scope. */
  campaign_targets: {
    id: string
    origin_node: string
    hlc: string
    indicator: string
    /** The province code or a commune code. */
    scope_code: string
    /** A count, or a percentage (0–100) for percent indicators. */
    value: number
    /** YYYY-MM-DD. */
    deadline: string
    note: string | null
    created_at: string
    created_by: string | null
    updated_at: string
    updated_by: string | null
    /** Set when the target is withdrawn; the row stays for the audit trail. */
    deleted_at: string | null
    /** The plan file the target came from (`hocso plan import`); null for a target set by hand. */
    plan: string | null
    /** The period as the plan wrote it (2026, 2026-Q4, 2026-06, 2026-12-31); the deadline is its end. */
    period: string | null
    /** The words of the source the figure comes from. */
    source: string | null
  }
  /** The plan files imported: their title and source, for the export. */
  campaign_plans: {
    id: string
    title: string | null
    source: string | null
    imported_at: string
  }
  /** Planned hub installations and ambassador visits to villages, for the reach planner. */
  campaign_visits: {
    id: string
    origin_node: string
    hlc: string
    village_code: string
    /** hub | ambassador_visit */
    kind: string
    /** YYYY-MM-DD. */
    planned_on: string
    note: string | null
    /** Who goes (a name as the officer writes it); null on visits planned before it was asked. */
    assignee: string | null
    created_at: string
    created_by: string | null
    cancelled_at: string | null
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends CampaignTables {}
}
