#!/usr/bin/env bash
# A standalone Apache Kafka broker (KRaft, combined broker+controller) from the official jars on Maven
# Central: no Docker, no download outside Maven. Used by the local stack.
#
#   deploy/local/kafka.sh start|stop|status|bootstrap|admin-config|upstream-bootstrap
#   deploy/local/kafka.sh client-certificate <user> <dir>
#
# Every client authenticates and may do only what an ACL allows
# (StandardAuthorizer, no access without an ACL). The super user "admin" (the broker itself, topic and user
# administration) has its password in $LOCAL_STACK_DIR/kafka/admin.properties (owner-only), a Kafka client
# config for --command-config; the services' and upstream-ci's users and ACLs are made by
# io.weft.local.KafkaAccess from deploy/kubernetes/kafka/acls.conf (run.sh). The controller listener
# (127.0.0.1:$KAFKA_CONTROLLER_PORT) takes SASL/PLAIN for admin only: KRaft controllers cannot use SCRAM.
#
# Two ways in, one principal per client either way:
# - 127.0.0.1:$KAFKA_PORT, SASL/SCRAM-SHA-512: the services (passwords from Key Vault, re-read at every login, so a
#   rotated password needs no restart) and any Java client or librdkafka >= 2.6.1.
# - 127.0.0.1:$KAFKA_UPSTREAM_PORT, mutual TLS: the certificate's CN is the principal (CN=upstream-ci is
#   User:upstream-ci). For upstream publishers whose librdkafka predates 2.6.1 (Debian 12's kcat has 2.0.2), whose
#   SCRAM Kafka 4 refuses (librdkafka#4895). `client-certificate` issues one from the local CA ($kafka_dir/tls).
#
# Settings (environment): KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_UPSTREAM_PORT (9094),
# LOCAL_STACK_DIR (<repo>/target/local): data in $LOCAL_STACK_DIR/kafka/data, log in $LOCAL_STACK_DIR/logs/kafka.log.
set -Eeuo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
local_dir=${LOCAL_STACK_DIR:-$repo/target/local}
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
upstream_port=${KAFKA_UPSTREAM_PORT:-9094}
kafka_dir=$local_dir/kafka
data_dir=$kafka_dir/data
log_file=$local_dir/logs/kafka.log
pid_file=$kafka_dir/kafka.pid
classpath_file=$kafka_dir/classpath.txt
admin_config=$kafka_dir/admin.properties
admin_password_file=$kafka_dir/admin.password
tls_dir=$kafka_dir/tls

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

# The local CA and the broker's certificate for the mutual-TLS listener (EC P-256, a year), made once.
ensure_tls() {
  [ -s "$tls_dir/ca.pem" ] && [ -s "$tls_dir/broker-keystore.pem" ] && return 0
  "$repo/deploy/ensure.sh" openssl
  mkdir -p "$tls_dir"; chmod 700 "$tls_dir"
  (umask 077; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls_dir/ca.key" -out "$tls_dir/ca.pem" \
    -subj "/CN=Weft local Kafka CA" -days 365 2>>"$log_file")
  issue "$tls_dir/broker" "localhost" "subjectAltName=DNS:localhost,IP:127.0.0.1"
  cat "$tls_dir/broker.key.pem" "$tls_dir/broker.certificate.pem" > "$tls_dir/broker-keystore.pem"
  chmod 600 "$tls_dir/broker-keystore.pem"
}

issue() { # file prefix, CN, extension: <prefix>.key.pem (owner-only, PKCS#8) and <prefix>.certificate.pem, from the CA
  (umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key.pem" 2>>"$log_file")
  openssl req -new -key "$1.key.pem" -subj "/CN=$2" 2>>"$log_file" |
    openssl x509 -req -CA "$tls_dir/ca.pem" -CAkey "$tls_dir/ca.key" -CAcreateserial -days 365 \
      -extfile <(printf '%s\n' "$3") -out "$1.certificate.pem" 2>>"$log_file"
}

client_certificate() { # user, directory
  [ -n "${1:-}" ] && [ -n "${2:-}" ] || { echo "usage: $0 client-certificate <user> <dir>" >&2; return 2; }
  ensure_tls; mkdir -p "$2"
  if [ -s "$2/$1.certificate.pem" ] && openssl x509 -checkend 86400 -noout -in "$2/$1.certificate.pem" >/dev/null; then return 0; fi
  issue "$2/$1" "$1" "extendedKeyUsage=clientAuth"
}

start() {
  if running; then echo "Kafka already running (pid $(cat "$pid_file")) on 127.0.0.1:$port"; return 0; fi
  if port_open "$port"; then
    echo "Port $port is taken by another process; set KAFKA_PORT to use another one." >&2; return 1
  fi
  if port_open "$upstream_port"; then
    echo "Port $upstream_port is taken by another process; set KAFKA_UPSTREAM_PORT to use another one." >&2; return 1
  fi
  mkdir -p "$data_dir" "$(dirname "$log_file")"
  local cp; cp=$(classpath)
  # Data formatted before the broker required authentication has no admin user: start it afresh (local data only).
  if [ -f "$data_dir/meta.properties" ] && [ ! -s "$admin_password_file" ]; then
    echo "Kafka data in $data_dir predates authentication: starting with empty data" >&2
    rm -rf "$data_dir"; mkdir -p "$data_dir"
  fi
  if [ ! -s "$admin_password_file" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$admin_password_file")
  fi
  local admin_password; admin_password=$(cat "$admin_password_file")
  ensure_tls
  (umask 077; cat > "$admin_config" <<CONFIG
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
CONFIG
  )
  (umask 077; cat > "$kafka_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=CLIENT://127.0.0.1:$port,UPSTREAM://127.0.0.1:$upstream_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=CLIENT://127.0.0.1:$port,UPSTREAM://127.0.0.1:$upstream_port
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,UPSTREAM:SSL,CONTROLLER:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=CLIENT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin_password" user_admin="$admin_password";
listener.name.upstream.ssl.client.auth=required
listener.name.upstream.ssl.keystore.type=PEM
listener.name.upstream.ssl.keystore.location=$tls_dir/broker-keystore.pem
listener.name.upstream.ssl.truststore.type=PEM
listener.name.upstream.ssl.truststore.location=$tls_dir/ca.pem
# CN=upstream-ci is User:upstream-ci, the name acls.conf grants to
ssl.principal.mapping.rules=RULE:^CN=([^,]+)$/\$1/,DEFAULT
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
# Connections re-authenticate every 10 minutes: a removed user or a rotated password takes effect on them too.
connections.max.reauth.ms=600000
log.dirs=$data_dir
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  )
  if [ ! -f "$data_dir/meta.properties" ]; then
    local cluster_id; cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c1-22)
    java -cp "$cp" -Dlog4j2.configurationFile="$here/kafka/log4j2.xml" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$kafka_dir/server.properties" --add-scram "SCRAM-SHA-512=[name=admin,password=$admin_password]" >>"$log_file" 2>&1
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
  admin-config) echo "$admin_config" ;;
  upstream-bootstrap) echo "127.0.0.1:$upstream_port" ;;
  ca-certificate) echo "$tls_dir/ca.pem" ;;
  client-certificate) client_certificate "${2:-}" "${3:-}" ;;
  *) echo "usage: $0 start|stop|status|bootstrap|admin-config|upstream-bootstrap|ca-certificate | client-certificate <user> <dir>" >&2; exit 2 ;;
esac
