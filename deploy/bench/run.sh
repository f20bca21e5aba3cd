#!/usr/bin/env bash
# The benchmark harness: builds the modules it measures and runs every scenario against its raw reference in the
# same run, on this machine's PostgreSQL (PGHOST/PGPORT/PGUSER/PGPASSWORD, default 127.0.0.1:5432 postgres; a
# fresh database per scenario, dropped after), then prints a table of ratios and writes JSON.
#
#   deploy/bench/run.sh                                  all scenarios at their default sizes (about 10 minutes, 2 cores)
#   deploy/bench/run.sh --scenarios=fold-one --one-job-events=30000
#   deploy/bench/run.sh --smoke                          tiny sizes: checks it works, says nothing of speed
#   deploy/bench/run.sh --help                           the flags
#
# Results: bench/target/bench/results.json (or --json=...). See the "Benchmarks" section of README.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
args="$*"
exec ./mvnw -B -q -pl bench -am package -Pbench -DskipTests "-Dbench.args=${args}"
