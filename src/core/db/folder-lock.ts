/**
 * One process at a time in a PGlite data folder. PGlite takes no lock of its own (its `postmaster.pid` names a fixed
 * pid, -42; electric-sql/pglite#1106), so a second process opening the folder succeeds, writes to its own copy of the
 * cluster and both end up corrupting it: the server and the admin CLI did exactly that. The holder's pid is written to
 * a lock file in the folder; a lock whose process is gone (killed, crashed) is stale and taken over.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const LOCK_FILE = 'pglite.lock'

export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError'
  constructor (readonly folder: string, readonly pid: number, since?: string) {
    super(`The data folder ${folder} is in use by process ${pid}${since === undefined ? '' : ` (since ${since})`}: ` +
      'PGlite allows one process at a time. If no such process is running, delete ' +
      `${join(folder, LOCK_FILE)}.`)
  }
}

/** The lock files this process holds: a second open of a folder in the same process is refused too. */
const held = new Set<string>()

interface Holder { pid: number, since?: string }

function readHolder (file: string): Holder | undefined {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // Missing, or written by something else: no live holder can be named.
    return undefined
  }
  const pid = (value as Holder | null)?.pid
  return Number.isInteger(pid) && (pid as number) > 0 ? value as Holder : undefined
}

function isRunning (pid: number, file: string): boolean {
  // A lock with our own pid that we do not hold was left by an earlier process with the same pid: a container's
  // server is pid 1 at every start.
  if (pid === process.pid) return held.has(file)
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

let releaseOnExit = false

/** Takes the folder (which must exist) or throws a DataFolderInUseError; returns the function that releases it. */
export function lockDataFolder (folder: string): () => void {
  const file = join(folder, LOCK_FILE)
  const content = JSON.stringify({ pid: process.pid, since: new Date().toISOString() })
  // Written whole under a name of our own, then linked into place: link() fails if the lock exists, and no other
  // process can read a half-written lock.
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`
  writeFileSync(draft, content)
  try {
    for (;;) {
      try {
        linkSync(draft, file)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const holder = readHolder(file)
        if (holder !== undefined && isRunning(holder.pid, file)) {
          throw new DataFolderInUseError(folder, holder.pid, holder.since)
        }
        // Stale. Two processes taking over the same stale lock at the same instant could both remove and relink it;
        // starting two servers on one folder within a millisecond of each other is not a case worth a lock server.
        rmSync(file, { force: true })
      }
    }
  } finally {
    rmSync(draft, { force: true })
  }
  held.add(file)
  if (!releaseOnExit) {
    releaseOnExit = true
    // process.exit() and uncaught errors skip close(): the lock goes with the process all the same.
    process.once('exit', () => { for (const lock of held) release(lock) })
  }
  return () => release(file)
}

function release (file: string): void {
  if (!held.delete(file)) return
  // Only while it is still ours: a lock another process took over after a wrong stale verdict stays.
  if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true })
}
