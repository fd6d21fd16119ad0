import { Type, type TSchema } from 'typebox'

/**
 * A `$ref` to a shared schema (one added with `app.addSchema`) that keeps the target's
 * static type, so handlers stay typed while the OpenAPI document names the component.
 */
export function ref<Schema extends TSchema> (schema: Schema, options: { description?: string } = {}): Schema {
  const id = (schema as { $id?: string }).$id
  if (id === undefined) throw new Error('ref() needs a schema with an $id')
  return Type.Ref(id, options) as unknown as Schema
}

/** The options that make a schema a named component: its id and title are its name in the OpenAPI document. */
export const named = (name: string, description: string) => ({ $id: name, title: name, description })

/** Non-empty text up to `maxLength` characters. */
export const Text = (maxLength: number, examples?: string[]) =>
  Type.String({ minLength: 1, maxLength, ...(examples === undefined ? {} : { examples }) })

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description === undefined ? {} : { description }) })
