/**
 * The domains as a whole, one node per folder (`npm run lint:deps` runs this after
 * .dependency-cruiser.cjs, decision 0150). Only the application code of the domain folders is
 * looked at:
 * - the web layer and the composition roots (app.tsx, registry, index) stand above every domain
 *   and would close a cycle through each;
 * - tests and their fixtures may use any domain (a campaign test seeds the demo);
 * - people/policy.ts and people/people.types.ts, the access kernel every domain reads, import only
 *   core (rule 'access-kernel-is-a-leaf'), so they can close no cycle; they would be a folder of
 *   their own but stay where the navigation and thirty-odd files import them.
 */
const base = require('./.dependency-cruiser.cjs')

module.exports = {
  forbidden: [
    {
      // people may use places, and learning may use facts, but then places and facts may not use
      // people or learning back: a cycle of domains means a change in one reaches all of them. A
      // domain that reacts to another's event listens through core/hooks.ts; what a domain offers
      // every other (its part of a person's data export, its fact kinds) it gives the registry.
      name: 'no-domain-cycles',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    ...base.options,
    includeOnly: { path: '^src/domains/[^/]+/' },
    exclude: {
      path: [
        '^src/web/static/',
        '\\.test\\.tsx?$',
        '\\.fixtures\\.ts$',
        '/fixtures/',
        '^src/domains/people/(policy|people\\.types)\\.ts$',
      ],
    },
  },
}
