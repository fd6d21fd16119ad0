/**
 * The module boundaries (npm run lint): no import cycle; the core imports no module; a module imports another
 * module only through its index.ts, the module's public face.
 */

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Cycles make load order matter and hide layering mistakes: invert an edge with a registry or hook of the core.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'core-imports-no-module',
      comment: 'The core is under the modules: it offers registries and hooks that modules fill, and imports none.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/modules/' }
    },
    {
      name: 'module-internals',
      comment: 'Another module is used through its index.ts only (its public face).',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] }
    }
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' }
  }
}
