#!/usr/bin/env bash
# The SDK as a user gets it: packs sdk/ (prepack builds dist/), installs the tarball into an empty project (only
# openapi-fetch comes from the registry), type-checks sdk/smoke/program.ts against it with the repository's
# TypeScript and runs it against the server started on a free port with an in-memory PGlite.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
server_pid=
cleanup () {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

tarball=$(cd sdk && npm pack --silent --pack-destination "$work")
mkdir "$work/project"
cd "$work/project"
echo '{ "name": "sdk-smoke", "private": true, "type": "module" }' > package.json
npm install --silent --no-audit --no-fund "$work/$tarball"
cp "$repo/sdk/smoke/program.ts" .
# A consumer's strictest usual settings, library declarations included (skipLibCheck off).
cat > tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "lib": ["ES2023", "DOM"],
    "types": [], "strict": true, "skipLibCheck": false, "outDir": "out"
  },
  "files": ["program.ts", "node.d.ts"]
}
JSON
# The program reads process.env; a line of declaration instead of installing @types/node.
echo 'declare const process: { env: Record<string, string | undefined> }' > node.d.ts
started=$SECONDS
"$repo/node_modules/.bin/tsc" -p .
echo "type-checked and compiled the program against the package in $((SECONDS - started)) s"

port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })")
export ADMIN_EMAIL=smoke@example.org ADMIN_PASSWORD='a password for the smoke test'
(cd "$repo" && exec env NODE_ENV=test HOST=127.0.0.1 PORT="$port" DATA_DIR=memory:// LOG_LEVEL=warn PASSWORD_HASH_COST=10 \
  JWT_SECRET=sdk-smoke-secret-of-at-least-32-characters BALLOT_KEY=sdk-smoke-ballot-key-of-at-least-32-characters WEBHOOK_WORKER=off node --import tsx src/server.ts) &
server_pid=$!
export POP_TANKS_URL="http://127.0.0.1:$port"
for _ in $(seq 1 60); do
  curl -fs "$POP_TANKS_URL/health/ready" >/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the server did not start" >&2; exit 1; }
  sleep 0.5
done
node out/program.js
