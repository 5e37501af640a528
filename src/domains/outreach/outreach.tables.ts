/**
 * Village and commune technology groups, and the projections of the help log and the Digital
 * family checklist. The help and household rows are derived from facts (`help_given`,
 * `household_checked`) by the fact kinds' `apply`: the facts stay the truth, these tables make
 * the lists and counts cheap.
 */
export type OutreachTables = {
  /** One community technology group per village or commune (tổ công nghệ số cộng đồng). */
  outreach_groups: {
    id: string
    origin_node: string
    hlc: string
    created_at: string
    /** The village or commune the group serves; one group per place. */
    place_code: string
    created_by: string | null
  }
  outreach_group_members: {
    id: string
    origin_node: string
    hlc: string
    created_at: string
    group_id: string
    account_id: string
    /** leader | member */
    group_role: string
    /** The day the person joined the group (YYYY-MM-DD). */
    since: string
    added_by: string | null
    /** Set when the person leaves the group; the row stays as history. */
    removed_at: string | null
    removed_by: string | null
  }
  /** Help given by ambassadors: one row per `help_given` fact; a correction replaces the row it corrects. */
  outreach_help: {
    /** The fact's id. */
    id: string
    origin_node: string
    actor_id: string | null
    village_code: string
    commune_code: string | null
    what: string
    note: string | null
    /** anonymous | account | new (registered on the spot) */
    whom: string
    person_id: string | null
    sex: string | null
    age_band: string | null
    helped_at: string
    recorded_at: string
    /** The fact this one corrects. */
    corrects: string | null
    /** The fact that corrected this one; only rows where it is null are current. */
    replaced_by: string | null
  }
  /** The latest Digital family checklist of each household of a village. */
  outreach_households: {
    id: string
    origin_node: string
    village_code: string
    commune_code: string | null
    /** A number or short label chosen in the village, never a name. */
    label: string
    smartphone: number
    internet: number
    vneid_all_adults: number
    payment_account: number
    online_public_services: number
    course_completed: number
    /** When the latest check happened (the fact's time); a later check wins. */
    checked_at: string
    checked_by: string | null
    /** The `household_checked` fact this state comes from. */
    fact_id: string
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends OutreachTables {}
}
