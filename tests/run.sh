#!/usr/bin/env bash
# The README's test command: typecheck, lint, then every test against the machine's Postgres and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
echo "== typecheck"; npx tsc -p tsconfig.json
echo "== lint"; npx biome lint .
echo "== tests"
status=0
rm -f test-artifacts/vitest.json test-artifacts/vitest-pinned-*.json
reports=(test-artifacts/vitest.json)
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@" || status=$?
# The date-sensitive files again under each pinned "now" (tests/helpers/clock.ts), one run per instant,
# so a test that passes only on some days fails here on any day. Skipped when vitest got arguments
# (one file, a filter): that is a narrower run than the whole suite.
if [ "$#" -eq 0 ]; then
  mapfile -t dated < <(grep -v '^#' tests/date-sensitive.txt | grep .)
  mapfile -t pins < <(npx tsx tests/helpers/print-pinned-nows.ts)
  for pin in "${pins[@]}"; do
    read -r name at <<<"$pin"
    echo "== date-sensitive tests at $name ($at)"
    reports+=("test-artifacts/vitest-pinned-$name.json")
    POTRET_TEST_NOW="$at" npx vitest run --reporter=dot --reporter=json \
      --outputFile.json="test-artifacts/vitest-pinned-$name.json" "${dated[@]}" || status=$?
  done
fi
# One plain closing line that any CI can read: every run above summed.
node -e '
  const fs = require("node:fs");
  const sum = { passed: 0, failed: 0, skipped: 0 };
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) {
      console.log(`${file}: no report (that run did not finish)`);
      continue;
    }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    // A file that failed before any test ran (an import, a hook) counts as one failed test.
    const broken = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0);
    sum.passed += r.numPassedTests;
    sum.failed += r.numFailedTests + broken.length;
    sum.skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`tests: ${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
' "${reports[@]}" || true
exit "$status"
