import neostandard from 'neostandard'

// neostandard is the Fastify ecosystem's style: it lints and, with --fix, formats.
export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'node_modules/**', 'migrations/**', 'data/**', 'sdk/dist/**', 'sdk/src/schema.ts'] }),
  {
    rules: {
      // `const X = Type.Object(…)` beside `type X = Static<typeof X>` is the TypeBox idiom.
      '@typescript-eslint/no-redeclare': 'off',
      // Lines a reader takes in at once; a message, a URL or a piece of SQL stays whole rather than cut to fit.
      '@stylistic/max-len': ['error', {
        code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true
      }]
    }
  }
]
