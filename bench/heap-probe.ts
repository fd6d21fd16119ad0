/**
 * Preloaded into the load test's API processes (with `--expose-gc` and an IPC channel): on the message `probe-heap` it
 * runs a full collection and answers with the heap still in use, in bytes. What survives a full collection is what the
 * process holds; RSS rises until V8 collects, so where a run ends in that cycle would decide a verdict made on it.
 */
const collect = (globalThis as { gc?: () => void }).gc
if (collect === undefined || process.send === undefined) {
  throw new Error('bench/heap-probe.ts needs node --expose-gc and an IPC channel')
}
const answer = process.send.bind(process)
process.on('message', (message) => {
  if (message !== 'probe-heap') return
  collect()
  answer({ heapUsed: process.memoryUsage().heapUsed })
})
// The channel must not keep the process alive once the server has closed.
process.channel?.unref()
