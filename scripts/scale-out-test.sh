#!/usr/bin/env bash
# Scale-out test of issue 13: two packaged gateways (instance ids gw-a, gw-b) on one PostgreSQL
# database and one standalone Artemis broker, every request sent to one of them at random, for
# SECONDS of mixed load with WORKERS client threads. Prints "SCALE-OUT RESULT" (lost, duplicated,
# decisions) and one "SCALE-OUT INSTANCE" line per gateway (exchanges per stage route, stage
# events, HTTP requests, from its /actuator/prometheus). Usage:
#   scripts/scale-out-test.sh [SECONDS] [WORKERS]      (defaults: 120, 8)
# Needs PostgreSQL: .ci/postgres-up first (a role clearway/clearway with CREATEDB on 127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
workers=${2:-8}
mvn -B verify -pl routes -am -Ppostgres -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ScaleOutIT -Dscale.millis="$((seconds * 1000))" -Dscale.workers="$workers" \
  | tee routes/target/scale-out-test.out | grep -E 'SCALE-OUT|Tests run:|FAIL' || true
