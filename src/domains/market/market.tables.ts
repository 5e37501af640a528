/** Traders and farmers of the digital market, and where each stands on the onboarding checklist. */
export type MarketTables = {
  traders: {
    id: string
    origin_node: string
    hlc: string
    created_at: string
    created_by: string | null
    name: string
    /** Village or commune the trader sells in. */
    place_code: string
    /** Name of the market or stall place, free text. */
    market: string
    products: string
    phone: string | null
    /** The trader's own hocso account, when they have one (links the selling-online course). */
    account_id: string | null
    bank_bin: string | null
    bank_account: string | null
    erased_at: string | null
  }
  /** Projection of `trader_step` facts: the latest state of each checklist step. */
  trader_steps: {
    trader_id: string
    step: string
    done: number
    at: string
    fact_id: string
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends MarketTables {}
}
