/** A route option's hooks as an array (none, one or several), for a plugin that adds its own in `onRoute`. */
export const hooksOf = <Hook>(hooks: Hook | Hook[] | undefined): Hook[] =>
  hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]
