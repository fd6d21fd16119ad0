/** Writes the policy table to docs/POLICY.md (`npm run policy`). */
import { writeFile } from 'node:fs/promises'
import { policyDocument } from '../src/core/policy/rules.js'

await writeFile(new URL('../docs/POLICY.md', import.meta.url), policyDocument())
