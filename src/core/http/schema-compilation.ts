/**
 * When route schemas become validators and serializers. Compiling all ~400 of them is most of the cost of building
 * the app, and a process that serves a few routes (a test file, a CLI command, a server that has just started) should
 * not pay for the rest: by default each compiles when its route first needs it. `at-start` compiles everything while
 * the app is built, so a schema that cannot compile fails the build (the route-table test builds the app so).
 */
export type SchemaCompilation = 'at-start' | 'on-first-use'

/** `make`'s result, made now (`at-start`) or on the first call, and the same on every call after. */
export function onceWhen<T> (compile: SchemaCompilation, make: () => T): () => T {
  if (compile === 'at-start') {
    const made = make()
    return () => made
  }
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}
