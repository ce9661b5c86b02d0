#!/usr/bin/env bash
# Broker restart test of issue 13: the packaged gateway on a standalone Artemis broker (the Maven
# Central distribution, unpacked by the build), under mixed load; the broker is killed with SIGKILL
# KILLS times, each time left down DOWN_MS, and restarted on its journal. Prints the
# "BROKER RESTART RESULT" line (submissions, retries by cause: 503 while the broker was away,
# told revisions, at customs, lost, duplicated, decisions). Usage:
#   scripts/broker-restart-test.sh [KILLS] [DOWN_MS] [h2|postgres]      (defaults: 10, 4000, h2)
# PostgreSQL: .ci/postgres-up first (a role clearway/clearway with CREATEDB on 127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-10}
down=${2:-4000}
profile=()
if [ "${3:-h2}" = postgres ]; then profile=(-Ppostgres); fi
mvn -B verify -pl routes -am "${profile[@]}" -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=BrokerRestartIT -Dbroker.kills="$kills" -Dbroker.down-millis="$down" \
  | tee routes/target/broker-restart-test.out | grep -E 'BROKER|Tests run:|FAIL' || true
grep -h 'BROKER RESTART RESULT' routes/target/broker-restart-test.out || true
