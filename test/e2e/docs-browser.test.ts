/**
 * The interactive docs at /docs in a real browser: Debian's Chromium driven by playwright-core (which
 * cannot download browsers here). Every request the page makes is intercepted; one to any host but this
 * machine is aborted and fails the test, since the docs must work offline.
 */
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { chromium, type Page } from 'playwright-core'
import { test } from 'tap'
import { listenTestApp, OPERATOR, tokenFor } from '../helper.js'

const CHROMIUM = '/usr/bin/chromium'
const SCREENSHOT = new URL('../artifacts/docs.png', import.meta.url)
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost'])

test('the docs list every operation and try one with a bearer token, offline', {
  skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: install Debian's chromium package to run the docs in a browser`
}, async (t) => {
  const { app, baseUrl } = await listenTestApp(t)
  type Items = Record<string, Record<string, unknown>>
  const document = (await app.inject({ url: '/openapi.json' })).json<{ paths: Items, webhooks: Items }>()
  // The page lists the webhooks (one operation each) after the paths' operations.
  const operationCount = [...Object.values(document.paths), ...Object.values(document.webhooks)]
    .reduce((count, item) => count + Object.keys(item).length, 0)
  const token = await tokenFor(app, OPERATOR)

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Playwright gives each launch a fresh profile; these flags keep Chromium itself from calling home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } })
  const remoteRequests: string[] = []
  await page.context().route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.protocol === 'data:' || url.protocol === 'blob:' || LOCAL_HOSTS.has(url.hostname)) return route.continue()
    remoteRequests.push(url.href)
    return route.abort('blockedbyclient')
  })

  await page.goto(`${baseUrl}/docs/`)
  await page.locator('.opblock').first().waitFor()
  const listed = new Set<string>()
  await scrollThrough(page, async () => {
    for (const id of await page.locator('.opblock').evaluateAll((blocks) => blocks.map((block) => block.id))) listed.add(id)
    return false
  })
  t.equal(listed.size, operationCount, 'every operation is listed')

  await page.locator('.auth-wrapper .authorize').click()
  await page.locator('.auth-container').filter({ hasText: 'bearerAuth' }).locator('input').fill(token)
  await page.locator('.auth-container').filter({ hasText: 'bearerAuth' }).locator('button.authorize').click()
  await page.locator('.close-modal').click()

  const getMe = page.locator('#operations-auth-getMe')
  await scrollThrough(page, async () => await getMe.count() > 0)
  await getMe.locator('.opblock-summary').click()
  await getMe.locator('.try-out__btn').click()
  await getMe.locator('.execute').click()
  const status = getMe.locator('.live-responses-table tbody .response-col_status')
  await status.waitFor()
  t.equal((await status.innerText()).trim(), '200', 'GET /v1/me tried from the page answers 200')
  t.match(await getMe.locator('.live-responses-table tbody .response-col_description .microlight').first().innerText(), /"kind": "operator"/, 'with the operator the token names')

  await mkdir(new URL('.', SCREENSHOT), { recursive: true })
  await getMe.scrollIntoViewIfNeeded()
  await page.screenshot({ path: SCREENSHOT.pathname })
  t.same(remoteRequests, [], 'no request left the machine')
})

/**
 * Scrolls the page from the top until `found` says so or the bottom is reached. Swagger UI renders a long list
 * of operations virtually (from 150 tags and operations on): only those near the viewport are in the page.
 */
async function scrollThrough (page: Page, found: () => Promise<boolean>): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)')
  for (;;) {
    const atBottom = await page.evaluate<boolean>(AT_BOTTOM_AFTER_RENDERING)
    if (await found() || atBottom) return
    await page.mouse.wheel(0, 1200)
  }
}

// Run in the page (as text: this project compiles without the DOM's types). The virtual list renders what
// scrolled into view in the next animation frame; this waits two to be sure.
const AT_BOTTOM_AFTER_RENDERING = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  .then(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight)`
