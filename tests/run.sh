#!/usr/bin/env bash
# The README's test command: typecheck, lint, then every test against the machine's Postgres and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
echo "== typecheck"; npx tsc -p tsconfig.json
echo "== lint"; npx biome lint .
echo "== tests"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
# One plain closing line that any CI can read.
node -e '
  const r = require("./test-artifacts/vitest.json");
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit "$status"
