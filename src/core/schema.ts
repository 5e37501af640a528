/**
 * Every table of hocso. Core knows no domain: each domain adds its own tables to this interface
 * from its `<domain>.tables.ts` (declaration merging, `declare module '../../core/schema.ts'`), so
 * the type is complete wherever the whole program is type-checked, and this file imports nothing.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by each domain's tables file
export interface Database {}
