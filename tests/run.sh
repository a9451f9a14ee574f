#!/usr/bin/env bash
# The README's test command: typecheck, lint, then every test against the machine's Postgres and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npx tsc -p tsconfig.json
echo "== lint"; npx biome lint .
echo "== tests"; npx vitest run "$@"
