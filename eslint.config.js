import neostandard from 'neostandard'

// neostandard is the Fastify ecosystem's style: it lints and, with --fix, formats.
export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'node_modules/**', 'migrations/**', 'data/**', 'sdk/dist/**', 'sdk/src/schema.ts'] }),
  {
    rules: {
      // `const X = Type.Object(…)` beside `type X = Static<typeof X>` is the TypeBox idiom.
      '@typescript-eslint/no-redeclare': 'off'
    }
  }
]
