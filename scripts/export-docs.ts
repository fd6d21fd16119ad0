/** Writes the documents generated from the code (`npm run docs`): docs/POLICY.md and docs/problems/. */
import { mkdir, writeFile } from 'node:fs/promises'
import { problemTypeDocuments } from '../src/core/http/problem-types.js'
import { policyDocument } from '../src/core/policy/rules.js'

await writeFile(new URL('../docs/POLICY.md', import.meta.url), policyDocument())
const problems = new URL('../docs/problems/', import.meta.url)
await mkdir(problems, { recursive: true })
for (const [file, text] of problemTypeDocuments()) await writeFile(new URL(file, problems), text)
