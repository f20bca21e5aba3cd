#!/usr/bin/env bash
# A standalone Apache Kafka broker (KRaft, combined broker+controller) from the official jars on Maven
# Central: no Docker, no download outside Maven. Used by the local stack, CI-started brokers and benchmarks.
#
#   deploy/local/kafka.sh start|stop|status|bootstrap
#
# Settings (environment): KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
# LOCAL_STACK_DIR (<repo>/target/local): data in $LOCAL_STACK_DIR/kafka/data, log in $LOCAL_STACK_DIR/logs/kafka.log.
set -Eeuo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
local_dir=${LOCAL_STACK_DIR:-$repo/target/local}
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
kafka_dir=$local_dir/kafka
data_dir=$kafka_dir/data
log_file=$local_dir/logs/kafka.log
pid_file=$kafka_dir/kafka.pid
classpath_file=$kafka_dir/classpath.txt

# set -e alone would end the script without a word: say which command failed and show the broker's log.
trap 'rc=$?; echo "kafka.sh: \"$BASH_COMMAND\" failed (exit $rc); see $log_file" >&2; [ -s "$log_file" ] && tail -20 "$log_file" >&2; exit $rc' ERR

mvn_cmd() { if command -v mvn >/dev/null 2>&1; then mvn "$@"; else "$repo/mvnw" "$@"; fi; }

running() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

classpath() {
  if [ ! -s "$classpath_file" ] || [ "$here/kafka/pom.xml" -nt "$classpath_file" ]; then
    mkdir -p "$kafka_dir"
    echo "Resolving the Kafka broker's jars from Maven Central (once)..." >&2
    local resolve_log=$kafka_dir/resolve.log
    # Once more on failure: a download that breaks off should not stop the stack. Maven's own output is kept
    # in resolve.log and shown only when both attempts fail.
    if ! mvn_cmd -B -f "$here/kafka/pom.xml" dependency:build-classpath -Dmdep.outputFile="$classpath_file" >"$resolve_log" 2>&1 \
        && ! mvn_cmd -B -f "$here/kafka/pom.xml" dependency:build-classpath -Dmdep.outputFile="$classpath_file" >"$resolve_log" 2>&1; then
      echo "Maven could not resolve the Kafka broker's jars; its output ($resolve_log):" >&2
      tail -40 "$resolve_log" >&2
      rm -f "$classpath_file"
      return 1
    fi
  fi
  cat "$classpath_file"
}

start() {
  if running; then echo "Kafka already running (pid $(cat "$pid_file")) on 127.0.0.1:$port"; return 0; fi
  if port_open "$port"; then
    echo "Port $port is taken by another process; set KAFKA_PORT to use another one." >&2; return 1
  fi
  mkdir -p "$data_dir" "$(dirname "$log_file")"
  local cp; cp=$(classpath)
  cat > "$kafka_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data_dir
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  if [ ! -f "$data_dir/meta.properties" ]; then
    local cluster_id; cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-22)
    java -cp "$cp" -Dlog4j2.configurationFile="$here/kafka/log4j2.xml" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$kafka_dir/server.properties" >>"$log_file" 2>&1
  fi
  nohup java -Xms256m -Xmx512m -cp "$cp" -Dlog4j2.configurationFile="$here/kafka/log4j2.xml" \
    kafka.Kafka "$kafka_dir/server.properties" >>"$log_file" 2>&1 &
  echo $! > "$pid_file"
  for _ in $(seq 1 120); do
    if port_open "$port"; then echo "Kafka started (pid $(cat "$pid_file")) on 127.0.0.1:$port; log: $log_file"; return 0; fi
    if ! running; then echo "Kafka failed to start; see $log_file" >&2; tail -20 "$log_file" >&2; return 1; fi
    sleep 0.5
  done
  echo "Kafka did not open 127.0.0.1:$port within 60 s; see $log_file" >&2; return 1
}

stop() {
  if ! running; then echo "Kafka not running"; rm -f "$pid_file"; return 0; fi
  local pid; pid=$(cat "$pid_file")
  kill "$pid"
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$pid_file"; echo "Kafka stopped"; return 0; fi
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$pid_file"; echo "Kafka killed after 30 s"
}

status() {
  if running; then echo "Kafka running (pid $(cat "$pid_file")) on 127.0.0.1:$port"; else echo "Kafka not running"; return 3; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  bootstrap) echo "127.0.0.1:$port" ;;
  *) echo "usage: $0 start|stop|status|bootstrap" >&2; exit 2 ;;
esac
