/**
 * Every fact of hocso (a lesson read, a quiz attempt, help given, a check-in) lives in one
 * append-only table: one idempotent endpoint, one outbox, one thing to replicate.
 */
export type FactsTables = {
  facts: {
    /** UUIDv7 made where the fact was captured (the phone, the hub, the server). */
    id: string
    kind: string
    /** The node that first stored the fact; with `seq` it places the fact in the version vector. */
    origin_node: string
    /** Per-origin counter, increasing, assigned by the origin node when it stores the fact. */
    seq: number
    /** Who recorded it (the learner, the ambassador); null for anonymous or system facts. */
    actor_id: string | null
    /** Whom it is about (the learner, the person helped); null when anonymous. */
    subject_id: string | null
    /** Village or commune the fact counts for, when known. */
    place_code: string | null
    /** When it happened, as the capturing device said (ISO-8601 UTC). */
    occurred_at: string
    /** When this node stored it. */
    recorded_at: string
    /** The fact's own fields, as canonical JSON. */
    data: string
    /** SHA-256 of kind + canonical data: the same id with another body is a conflict. */
    hash: string
    /** A fact this one corrects (corrections are new facts pointing at the old). */
    corrects: string | null
  }
  counters: { name: string; value: number }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends FactsTables {}
}
