#!/usr/bin/env bash
# The one command: builds Weft, starts a real Kafka broker, PostgreSQL, the Fabric emulator (HTTPS) and the
# four services, waits until they are ready, then runs the demo: a sample scenario upload and a semantic
# model deployment in dev then prod mode, with live progress in the terminal.
#
#   deploy/local/run.sh            build, start, run the demo; the stack keeps running for the dashboard
#   deploy/local/stop.sh           stop everything
#
# Ctrl-C stops everything. Logs and data: target/local/ (WEFT_LOCAL_DIR). Ports: see deploy/local/env.sh.
# WEFT_SKIP_BUILD=1 reuses the last build. WEFT_DEMO=0 starts the stack without the demo.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

on_interrupt() { echo; say "Interrupted: stopping the stack"; "$repo/deploy/local/stop.sh"; exit 130; }
trap on_interrupt INT TERM

# A second run starts from a clean slate of processes (data of earlier runs stays in target/local).
"$repo/deploy/local/stop.sh" >/dev/null 2>&1 || true
mkdir -p "$pid_dir" "$log_dir" "$WEFT_LOCAL_DIR/staging"

if [ "${WEFT_SKIP_BUILD:-0}" != 1 ]; then
  say "Building (./mvnw package -DskipTests)"
  ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar
fi

for port in $WEFT_TRACKER_PORT $WEFT_GATEWAY_PORT $WEFT_PROVISIONER_PORT $WEFT_DEPLOYER_PORT $WEFT_EMULATOR_PORT; do
  if port_open "$port"; then echo "Port $port is in use by another process; set the matching WEFT_*_PORT (deploy/local/env.sh)." >&2; exit 1; fi
done

say "Starting Kafka on 127.0.0.1:$KAFKA_PORT"
"$repo/deploy/local/kafka.sh" start
"$repo/deploy/local/topics.sh" "127.0.0.1:$KAFKA_PORT"

say "Checking PostgreSQL on $PGHOST:$PGPORT"
"$repo/deploy/ensure.sh" postgresql
if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$WEFT_DATABASE'" | grep -q 1; then
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "CREATE DATABASE $WEFT_DATABASE"
fi

start_process() { # name, then the command; output to the log, pid to the pid file
  local name=$1; shift
  nohup "$@" >"$log_dir/$name.log" 2>&1 &
  echo $! > "$pid_dir/$name.pid"
}

wait_until() { # description, seconds, command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "$what did not become ready within ${seconds}s; see $log_dir" >&2
  "$repo/deploy/local/stop.sh"; exit 1
}

say "Starting the Fabric emulator on https://127.0.0.1:$WEFT_EMULATOR_PORT"
emulator_dir=$WEFT_LOCAL_DIR/emulator
rm -rf "$emulator_dir"   # the emulator keeps its items in memory: its files start afresh with it
mkdir -p "$emulator_dir"
export FABRIC_EMULATOR_PORT=$WEFT_EMULATOR_PORT FABRIC_EMULATOR_DATA_DIR=$emulator_dir
export FABRIC_EMULATOR_TENANT_ID=${WEFT_FABRIC_AUTH_TENANT_ID:-weft-local-tenant}
export FABRIC_EMULATOR_CLIENT_ID=${FABRIC_EMULATOR_CLIENT_ID:-weft-local}
export FABRIC_EMULATOR_CLIENT_SECRET=${FABRIC_EMULATOR_CLIENT_SECRET:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
start_process fabric-emulator java -Xmx512m -jar "$repo"/fabric-emulator/target/fabric-emulator-*-runner.jar
wait_until "The Fabric emulator" 60 test -s "$emulator_dir/emulator-certificate.pem"

# The services, configured for Kafka, PostgreSQL and the emulator: the same keys as docker-compose.yml.
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
export WEFT_STAGING_DIRECTORY=$WEFT_LOCAL_DIR/staging
export WEFT_FABRIC_API_URL=https://127.0.0.1:$WEFT_EMULATOR_PORT/v1
export WEFT_FABRIC_ONELAKE_URL=https://127.0.0.1:$WEFT_EMULATOR_PORT/onelake
export WEFT_FABRIC_AUTH_METHOD=client-secret
export WEFT_FABRIC_AUTH_AUTHORITY_HOST=https://127.0.0.1:$WEFT_EMULATOR_PORT
export WEFT_FABRIC_AUTH_TENANT_ID=$FABRIC_EMULATOR_TENANT_ID
export WEFT_FABRIC_AUTH_CLIENT_ID=$FABRIC_EMULATOR_CLIENT_ID
export WEFT_FABRIC_AUTH_CLIENT_SECRET=$FABRIC_EMULATOR_CLIENT_SECRET
export WEFT_FABRIC_TLS_TRUST_CERTIFICATE=$emulator_dir/emulator-certificate.pem
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$WEFT_DATABASE
export QUARKUS_DATASOURCE_USERNAME=$PGUSER
export QUARKUS_DATASOURCE_PASSWORD=${PGPASSWORD:-}
export WEFT_GATEWAY_PUBLIC_TRACKER_URL=http://127.0.0.1:$WEFT_TRACKER_PORT

service() { # module, port
  start_process "$1" env QUARKUS_HTTP_PORT="$2" java -Xmx384m -jar "$repo/$1/target/quarkus-app/quarkus-run.jar"
}
say "Starting the services"
service job-tracker "$WEFT_TRACKER_PORT"
service upload-gateway "$WEFT_GATEWAY_PORT"
service provisioner "$WEFT_PROVISIONER_PORT"
service model-deployer "$WEFT_DEPLOYER_PORT"
for entry in job-tracker:$WEFT_TRACKER_PORT upload-gateway:$WEFT_GATEWAY_PORT provisioner:$WEFT_PROVISIONER_PORT model-deployer:$WEFT_DEPLOYER_PORT; do
  wait_until "${entry%%:*}" 120 curl -fsS "http://127.0.0.1:${entry##*:}/q/health/ready"
  echo "  ${entry%%:*} ready on http://127.0.0.1:${entry##*:}"
done

trap - INT TERM
if [ "${WEFT_DEMO:-1}" = 1 ]; then
  say "Running the demo"
  trap on_interrupt INT TERM
  status=0
  java -cp "$repo/local-stack/target/classes:$repo/local-stack/target/lib/*" io.weft.local.DemoClient \
    --gateway "http://127.0.0.1:$WEFT_GATEWAY_PORT" --tracker "http://127.0.0.1:$WEFT_TRACKER_PORT" \
    --emulator "https://127.0.0.1:$WEFT_EMULATOR_PORT" --emulator-certificate "$emulator_dir/emulator-certificate.pem" \
    --scenario "$repo/examples/scenarios/retail" --model "$repo/examples/semantic-models/Sales" || status=$?
  trap - INT TERM
fi
echo
echo "Dashboard: http://127.0.0.1:$WEFT_TRACKER_PORT/   Gateway API: http://127.0.0.1:$WEFT_GATEWAY_PORT/q/swagger-ui"
echo "Logs: $log_dir   Stop everything: deploy/local/stop.sh"
exit "${status:-0}"
