#!/usr/bin/env bash
# Crash test of issue 12: the packaged gateway under mixed load (postal, held express shipments,
# amendments, customs decisions), killed with SIGKILL KILLS times at random moments and restarted on
# the same data directory; prints "CRASH RESULT" lines with the counts (submissions, retried,
# told revisions, at customs, lost, duplicated, decisions). Usage:
#   scripts/crash-test.sh [KILLS] [h2|postgres|both]      (defaults: 20, h2)
# PostgreSQL: .ci/postgres-up first (a role clearway/clearway with CREATEDB on 127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-20}
db=${2:-h2}
mvn -B -q install -DskipTests
run() {
  local name=$1; shift
  mvn -B verify -pl routes "$@" -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=GatewayCrashIT -Dcrash.kills="$kills" | tee "routes/target/crash-test-$name.out" \
    | grep -E 'CRASH|Tests run:|FAIL' || true
}
case "$db" in
  h2) run h2 ;;
  postgres) run postgres -Ppostgres ;;
  both) run h2 ; run postgres -Ppostgres ;;
esac
grep -h 'CRASH RESULT' routes/target/crash-test-*.out || true
