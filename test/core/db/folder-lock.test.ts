import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'tap'
import { openDatabase } from '../../../src/core/db/client.js'
import { type DataFolderInUseError, LOCK_FILE, lockDataFolder } from '../../../src/core/db/folder-lock.js'
import { migratedDataDir, scratchFolder } from '../../helper.js'

/** The pid of a process that has ended (and been reaped): what a server killed with SIGKILL leaves in its lock. */
function deadPid (): number {
  return spawnSync(process.execPath, ['-e', '0']).pid as number
}

test('one process at a time in a PGlite data folder', async (t) => {
  // A folder that holds a database already: an empty one would cost an initdb per open.
  const folder = await migratedDataDir(t)
  const options = { dataDir: folder, poolSize: 1, sharedBuffers: '16MB' }
  const database = await openDatabase(options)
  const holder = JSON.parse(await readFile(join(folder, LOCK_FILE), 'utf8'))
  t.equal(holder.pid, process.pid, 'the lock file names the holder')

  await t.rejects(openDatabase(options), { name: 'DataFolderInUseError', pid: process.pid, folder },
    'a second open is refused, even in the same process')
  await database.close()
  await t.rejects(readFile(join(folder, LOCK_FILE)), { code: 'ENOENT' }, 'closing removes the lock')

  const again = await openDatabase(options)
  t.pass('the folder opens again once closed')
  await again.close()
})

test('a lock whose holder is gone is taken over', async (t) => {
  const folder = await scratchFolder(t)
  await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: deadPid(), since: new Date().toISOString() }))
  const release = lockDataFolder(folder)
  t.equal(JSON.parse(await readFile(join(folder, LOCK_FILE), 'utf8')).pid, process.pid)
  release()

  // A container's server is pid 1 at every start: a lock with this process's own pid that it did not take is stale.
  await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: process.pid, since: new Date().toISOString() }))
  lockDataFolder(folder)()

  await writeFile(join(folder, LOCK_FILE), 'half written')
  lockDataFolder(folder)()
  t.pass('an unreadable lock file names no live holder')
})

test('a lock held by another live process is respected', async (t) => {
  const folder = await scratchFolder(t)
  // This test's parent (tap's runner) is alive for as long as the test runs.
  await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: process.ppid, since: '2026-01-01T00:00:00.000Z' }))
  const error = t.throws(() => lockDataFolder(folder)) as DataFolderInUseError
  t.match(error.message, `The data folder ${folder} is in use by process ${process.ppid} (since 2026-01-01T00:00:00.000Z)`)
  t.equal(JSON.parse(await readFile(join(folder, LOCK_FILE), 'utf8')).pid, process.ppid, 'and left as it was')
})
