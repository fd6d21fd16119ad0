import { eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/client.js'
import { hashPassword } from '../secrets/passwords.js'
import { operators } from './operators.table.js'

export async function findOperatorByEmail (db: Executor, email: string) {
  const [row] = await db.select().from(operators).where(sql`lower(${operators.email}) = lower(${email})`).limit(1)
  return row
}

/** Creates the operator unless one with this email exists; returns whether it was created. */
export async function ensureOperator (db: Executor, email: string, password: string): Promise<boolean> {
  const inserted = await db.insert(operators).values({ email, passwordHash: await hashPassword(password) })
    .onConflictDoNothing()
    .returning({ id: operators.id })
  return inserted.length > 0
}

/** Sets the password and ends the operator's sessions from before it (see the auth plugin). */
export async function setOperatorPassword (db: Executor, id: string, passwordHash: string): Promise<void> {
  await db.update(operators).set({ passwordHash, credentialsVersion: sql`${operators.credentialsVersion} + 1`, updatedAt: sql`now()` }).where(eq(operators.id, id))
}
