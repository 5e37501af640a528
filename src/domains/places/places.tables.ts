/** The province, its communes and wards, and their villages, in one table keyed by official code. */
export type PlacesTables = {
  places: {
    id: string
    origin_node: string
    hlc: string
    code: string
    /** province | ward | commune | village */
    kind: string
    parent_code: string | null
    /** The commune or ward a village lies in (= parent_code), the unit's own code otherwise; speeds scope checks. */
    commune_code: string | null
    name: string
    codename: string | null
    has_4g: number | null
    has_telecom: number | null
    on_grid: number | null
    population: number | null
    households: number | null
    /** 1 when generated as demonstration data. */
    demo: number
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends PlacesTables {}
}
