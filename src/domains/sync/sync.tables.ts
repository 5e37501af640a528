/**
 * Replication between the province and its hubs (see docs/decisions/0110-replication-and-bundles.md).
 * Two append-only streams travel: the `facts` table itself, and `sync_changes`, the log of
 * versions of editable rows. Each node knows, per stream and origin, which sequence numbers it
 * holds (`sync_have`): a version vector kept as ranges, so bundles can arrive in any order.
 */
export type SyncTables = {
  /** Other nodes this one trusts: the hubs registered here, and the upstream this hub syncs with. */
  sync_nodes: {
    node_id: string
    /** Ed25519 public key, raw 32 bytes in base64url. */
    public_key: string
    /** hub (registered here) | upstream (this hub's province) | pending (asked to join, not approved) */
    role: string
    name: string
    /** For a hub: the commune or village code it serves; on the upstream row, the scope it gave this hub. */
    scope_code: string | null
    /** For the upstream: its address, when synced over the network. */
    url: string | null
    registered_at: string
    registered_by: string | null
    revoked_at: string | null
    revoked_by: string | null
    last_contact_at: string | null
    last_error: string | null
    /** What the node said it holds, as JSON `{facts:{origin:seq}, changes:{origin:seq}}`. */
    vector: string
  }
  /** Sequence ranges held, per stream and origin: (lo, hi] means seq lo+1 … hi. */
  sync_have: {
    stream: string
    origin_node: string
    lo: number
    hi: number
  }
  /** Versions of editable rows, in the order each origin logged them. */
  sync_changes: {
    origin_node: string
    seq: number
    /** Table name (accounts, role_assignments, places, traders). */
    tbl: string
    /** The row's key: its id, or its code for places. */
    row_key: string
    hlc: string
    /** The node that made this version (tie-break of equal stamps). */
    node: string
    /** put | delete */
    op: string
    /** Comma-framed place codes and `@node` tags the row belongs to; local, recomputed on receipt. */
    scopes: string
    /** The row as JSON; null once a later version of the same row is logged here (erasure leaves no trace). */
    row: string | null
    logged_at: string
  }
  /** The latest version known here of every replicated row (the merge rule and change capture read it). */
  sync_rows: {
    tbl: string
    row_key: string
    hlc: string
    node: string
    deleted: number
    scopes: string
    /** The node this row first came from (this node when made here); hubs may edit only their own unplaced rows. */
    first_from: string
  }
  /** Records received but not applicable yet (a reference missing, a kind unknown here); retried on every exchange. */
  sync_held: {
    stream: string
    origin_node: string
    seq: number
    entry: string
    reason: string
    first_at: string
    tries: number
  }
  /** Records a hub sent outside its scope (or of another origin): refused, kept for the officers to see. */
  sync_refusals: {
    id: string
    at: string
    peer: string
    stream: string
    origin_node: string
    seq: number
    record_id: string
    reason: string
  }
  /**
   * The losing version of a concurrent edit (two nodes changed a row without seeing each other's
   * change): both values, for an officer to keep one. Replicates, so a resolution reaches every node.
   */
  sync_conflicts: {
    /** Made from the row and the losing version, so every node that meets the pair names it alike. */
    id: string
    origin_node: string
    hlc: string
    tbl: string
    row_key: string
    kept_hlc: string
    kept_node: string
    /** The winning row, as JSON. */
    kept_row: string
    lost_hlc: string
    lost_node: string
    /** The losing row, as JSON. */
    lost_row: string
    /** 'kept' (the winner stays) or 'restored' (the loser was written back); null while open. */
    resolution: string | null
    resolved_at: string | null
    resolved_by: string | null
  }
  /** Every exchange: network syncs and bundles, in and out. */
  sync_log: {
    id: string
    at: string
    peer: string
    /** push | pull | bundle_in | bundle_out */
    kind: string
    records_in: number
    records_out: number
    refused: number
    bytes: number
    /** The bundle's id, for bundles (a bundle imported twice is logged once). */
    bundle_id: string | null
    note: string | null
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends SyncTables {}
}
