/**
 * The layering of hocso, checked by `npm run lint:deps` (dependency-cruiser, decision 0150).
 * Layers, bottom up: core (database, errors, clock, hooks) → domains (stores → services → routes
 * and pages) → web (layout, middleware) and the composition roots (app.tsx, main.ts, cli/,
 * domains/registry.ts) that wire the domains together. A rule here is a promise the README makes;
 * break one and CI fails with the rule's name and the import that broke it.
 *
 * Type-only imports count: a cycle through types is still two modules that cannot be read apart.
 */
module.exports = {
  forbidden: [
    {
      // Modules in a cycle cannot be read, tested or loaded apart; a cycle through several domains
      // means a change in one reaches all of them. Domains that need each other's reactions use
      // core/hooks.ts (events) or register what they offer through the registry.
      name: 'no-cycles',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      // core/ is the floor every domain stands on: it may not know any domain, the web layer or
      // the composition roots. The registry supplies core what the domains offer (migrations,
      // tables by declaration merging) instead.
      name: 'core-knows-no-domain',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(domains|web|cli)/|^src/(app|main)\\.tsx?$' },
    },
    {
      // Rules and queries never depend on how a page looks or which URL calls them: a service
      // runs the same from a route, the command line, sync or a test.
      // (web/assets.ts is the list of static files with their hashed names, rendering nothing.)
      name: 'services-and-stores-import-no-pages',
      severity: 'error',
      from: { path: '\\.(service|store)\\.ts$' },
      to: {
        path: '(\\.(routes|views)\\.tsx?$)|^src/web/|^src/app\\.tsx$',
        pathNot: '^src/web/assets\\.ts$',
      },
    },
    {
      // A domain's tables and the queries on them are its own: another domain calls its services
      // or read functions, never its store nor its table types (README, "Domains").
      name: 'no-foreign-store-or-tables',
      severity: 'error',
      from: { path: '^src/domains/([^/]+)/' },
      to: {
        path: '^src/domains/[^/]+/[^/]+\\.(store|tables)\\.ts$',
        pathNot: '^src/domains/$1/',
      },
    },
    {
      // The policy (who may do what where) and the person types are read by every domain and by
      // the navigation; they depend on core only, so they can close no cycle, and the domain-cycle
      // check (.dependency-cruiser.domains.cjs) treats them as a floor of their own.
      name: 'access-kernel-is-a-leaf',
      severity: 'error',
      from: { path: '^src/domains/people/(policy|people\\.types)\\.ts$' },
      to: { path: '^src/', pathNot: '^src/core/|^src/domains/people/(policy|people\\.types)\\.ts$' },
    },
    {
      // Tests may reach anything, but the application never imports a test, a test's fixtures
      // (`*.fixtures.ts`, helpers that build test data on the harness) or the harness.
      name: 'app-imports-no-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.(test|fixtures)\\.tsx?$' },
      to: { path: '(\\.(test|fixtures)\\.tsx?$)|^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/web/static/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
