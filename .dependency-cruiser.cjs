/**
 * Import boundaries (docs/architecture.md, "Layers"), checked by `npm test` (`npm run lint:deps`):
 * core/ is the ground floor, checkers/ stand on core/ only, the middle floors (clusters/,
 * nemesis/, workloads/) never reach up, a system never imports another system, and only
 * harness/ and bench/ drive the whole.
 */
const ABOVE_CORE = '^(checkers|clusters|nemesis|workloads|systems|reports|harness|bench)/';
module.exports = {
  forbidden: [
    {
      name: 'core-is-the-ground-floor',
      comment: 'core/ imports nothing else of the project.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: ABOVE_CORE },
    },
    {
      name: 'checkers-import-only-core',
      comment: 'checkers/ are pure: they import core/ and other checkers only.',
      severity: 'error',
      from: { path: '^checkers/' },
      to: { path: '^(clusters|nemesis|workloads|systems|reports|harness|bench)/' },
    },
    {
      name: 'middle-floors-do-not-reach-up',
      comment: 'clusters/, nemesis/ and workloads/ never import systems, reports, the harness or benchmarks.',
      severity: 'error',
      from: { path: '^(clusters|nemesis|workloads)/' },
      to: { path: '^(systems|reports|harness|bench)/' },
    },
    {
      name: 'no-system-imports-another',
      comment: 'What two systems share goes below them (clusters/), never sideways into another system.',
      severity: 'error',
      from: { path: '^systems/([^/]+)/' },
      to: { path: '^systems/[^/]+/', pathNot: '^systems/$1/' },
    },
    {
      name: 'systems-do-not-reach-up',
      comment: 'A system never imports reports, the harness or benchmarks.',
      severity: 'error',
      from: { path: '^systems/' },
      to: { path: '^(reports|harness|bench)/' },
    },
    {
      name: 'reports-do-not-reach-up',
      comment: 'reports/ never import the harness, systems or benchmarks.',
      severity: 'error',
      from: { path: '^reports/' },
      to: { path: '^(harness|systems|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|test)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
