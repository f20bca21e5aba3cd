#!/usr/bin/env bash
# Creates (or leaves alone) the topics in deploy/topics/topics.conf on the local broker.
#   deploy/local/topics.sh [bootstrap-servers]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
local_dir=${LOCAL_STACK_DIR:-$repo/target/local}
bootstrap=${1:-127.0.0.1:${KAFKA_PORT:-9092}}
cp=$(cat "$local_dir/kafka/classpath.txt")
# The broker requires authentication: topics are administered as its super user (kafka.sh writes the config).
admin=(--command-config "$local_dir/kafka/admin.properties")

existing=$(java -cp "$cp" -Dlog4j2.configurationFile="$here/kafka/log4j2.xml" org.apache.kafka.tools.TopicCommand \
  --bootstrap-server "$bootstrap" "${admin[@]}" --list 2>/dev/null)
grep -vE '^\s*(#|$)' "$repo/deploy/topics/topics.conf" | while read -r name partitions configs; do
  if grep -qx "$name" <<<"$existing"; then continue; fi
  args=()
  for config in $configs; do args+=(--config "$config"); done
  java -cp "$cp" -Dlog4j2.configurationFile="$here/kafka/log4j2.xml" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$bootstrap" "${admin[@]}" --create --if-not-exists --topic "$name" --partitions "$partitions" \
    --replication-factor 1 "${args[@]}" 2>/dev/null | grep -v "^WARNING" || true
done
