#!/usr/bin/env bash
# Benchmarks of issue 12, step 7, in one run: the raw limits of the building blocks (5-hop persistent
# Artemis chain at 1 and 100 msg/tx, StAEDI tokenising, Bouncy Castle CMS signing), Clearway's
# figures (postal 1/100/10,000 items per interchange, express REST single and batch, SOAP, fused
# declarations, AS2, platform upload, p50/p99 latency at half load, heap and RSS) and one table of
# ratios against the limits, printed at the end and written to routes/target/bench-table.md.
# Usage: scripts/bench.sh [extra maven args, e.g. -Dbench.express.single=500 or -Dit.test='RawLimitsBench,PipelineBench']
# Run it on an otherwise idle machine: the figures are only comparable within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p routes/target
mvn -B -Pbench -pl routes -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test='*Bench' "$@" | tee routes/target/bench.out \
  | grep -E 'BENCH|Tests run:|FAIL' || true
echo
cat routes/target/bench-table.md
