/**
 * Trainings, festivals and community sessions; who registered for them; who came. Events and
 * registrations are editable records (HLC-stamped); attendance is a projection of `checkin` facts.
 */
export type EventsTables = {
  events: {
    id: string
    origin_node: string
    hlc: string
    created_at: string
    created_by: string | null
    title: string
    /** training | festival | session */
    kind: string
    /** ai_officials | ai_everyone | digital_skills | digital_market | other */
    topic: string
    /** Who the event is for, in the organiser's words ("cán bộ, công chức xã"). */
    audience: string
    summary: string | null
    /** The commune or ward the event takes place in (the policy scope of its organisers). */
    place_code: string
    /** Hall, school, cultural house: free text. */
    venue: string | null
    starts_at: string
    ends_at: string
    /** Seats; registrations past it go to the waiting list. */
    capacity: number
    /** A hocso course the event follows, by slug (optional). */
    course_slug: string | null
    /** For an AI training of officials: education | smart_agriculture | tourism | public_administration. */
    sector: string | null
  }
  /** The trainers or speakers of an event, in the order the organiser gave them. */
  event_trainers: {
    event_id: string
    position: number
    name: string
  }
  event_registrations: {
    id: string
    origin_node: string
    hlc: string
    created_at: string
    created_by: string | null
    event_id: string
    /** The person's account when they registered themselves or claimed the registration; else null. */
    account_id: string | null
    name: string
    phone: string | null
    organisation: string | null
    position: string | null
    /** Short check-in code (also the QR content), unique within the event. */
    code: string
    /** registered | waiting | cancelled */
    status: string
    /** self | organiser | csv | walk_in */
    source: string
    /** Per-event arrival order: the waiting list is promoted in this order. */
    seq: number
    lang: string
    promoted_at: string | null
    cancelled_at: string | null
  }
  /** Projection of `checkin` facts: one row per registration however many times it was scanned. */
  event_attendance: {
    registration_id: string
    event_id: string
    checked_in_at: string
    first_fact_id: string
    scans: number
  }
  /**
   * Projection of `festival_headcount` facts: visitors of a festival counted as a number, who did
   * not check in one by one (the checked-in people are never in it), one row per fact; a
   * correction replaces the row it corrects (decision 0196).
   */
  event_headcounts: {
    /** The fact's id. */
    id: string
    event_id: string
    counted_at: string
    counted_by: string | null
    /** 0 in a correction that withdraws a count entered by mistake. */
    visitors: number
    /** Where they were counted (a booth), or null for the count at the end. */
    booth: string | null
    note: string | null
    /** The count this one corrects. */
    corrects: string | null
    /** The correction that replaced this count; null while it stands. */
    replaced_by: string | null
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends EventsTables {}
}
