#!/usr/bin/env bash
# Stops everything the local stack started (services, emulator, Prometheus, Zipkin, Kafka). Safe to run when nothing runs.
set -uo pipefail
source "$(dirname "$0")/env.sh"

stop_pid_file() {
  local file=$1 name pid
  name=$(basename "$file" .pid)
  pid=$(cat "$file" 2>/dev/null) || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    echo "stopped $name"
  fi
  rm -f "$file"
}

# Services first, so that they leave Kafka cleanly; the broker last.
for file in "$pid_dir"/*.pid; do [ -e "$file" ] && stop_pid_file "$file"; done
"$repo/deploy/local/kafka.sh" stop >/dev/null && echo "stopped kafka"
exit 0
