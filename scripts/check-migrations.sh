#!/usr/bin/env bash
# Fails when the Drizzle schema has changes that no committed migration contains.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(git status --porcelain -- migrations)
npx drizzle-kit generate --name schema-drift >/dev/null
after=$(git status --porcelain -- migrations)
if [ "$before" != "$after" ]; then
  echo "The schema differs from the committed migrations: run 'npm run db:generate' and commit the result." >&2
  git status --porcelain -- migrations >&2
  git clean -fq -- migrations && git checkout -q -- migrations
  exit 1
fi
echo "Migrations match the schema."
