#!/usr/bin/env bash
# The one command: builds Weft, starts a real Kafka broker, PostgreSQL, the Fabric emulator (HTTPS) and the
# four services, Prometheus (metrics, alerts) and Zipkin (traces), waits until they are ready, then runs the demo:
# a sample scenario upload, a semantic model deployment in dev then prod mode, a workspace provisioned from
# examples/workspaces/sales (capacity, principals file, medallion lakehouses) and an on-demand pipeline run, with
# live progress in the terminal.
#
#   deploy/local/run.sh            build, start, run the demo; the stack keeps running for the dashboard
#   deploy/local/stop.sh           stop everything
#
# Ctrl-C stops everything. Logs and data: target/local/ (LOCAL_STACK_DIR). Ports: see deploy/local/env.sh.
# LOCAL_STACK_SKIP_BUILD=1 reuses the last build. LOCAL_STACK_DEMO=0 starts the stack without the demo.
set -Eeuo pipefail
source "$(dirname "$0")/env.sh"
cd "$repo"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

on_interrupt() { echo; say "Interrupted: stopping the stack"; "$repo/deploy/local/stop.sh"; exit 130; }
trap on_interrupt INT TERM
# set -e alone would end the run without a word: name the command that failed.
trap 'rc=$?; echo "run.sh: \"$BASH_COMMAND\" failed (exit $rc); logs: $log_dir" >&2; exit $rc' ERR

# A second run starts from a clean slate of processes (data of earlier runs stays in target/local).
"$repo/deploy/local/stop.sh" >/dev/null 2>&1 || true
mkdir -p "$pid_dir" "$log_dir" "$LOCAL_STACK_DIR/staging"

if [ "${LOCAL_STACK_SKIP_BUILD:-0}" != 1 ]; then
  say "Building (./mvnw package -DskipTests)"
  ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar
fi

for port in $LOCAL_STACK_TRACKER_PORT $LOCAL_STACK_GATEWAY_PORT $LOCAL_STACK_PROVISIONER_PORT $LOCAL_STACK_DEPLOYER_PORT $LOCAL_STACK_EMULATOR_PORT \
    $LOCAL_STACK_PROMETHEUS_PORT $LOCAL_STACK_ZIPKIN_PORT; do
  if port_open "$port"; then echo "Port $port is in use by another process; set the matching LOCAL_STACK_*_PORT (deploy/local/env.sh)." >&2; exit 1; fi
done

say "Starting Kafka on 127.0.0.1:$KAFKA_PORT (SASL/SCRAM, ACLs)"
"$repo/deploy/local/kafka.sh" start
"$repo/deploy/local/topics.sh" "127.0.0.1:$KAFKA_PORT"
# Each service, and the example upstream CI, its own Kafka user with only the ACLs deploy/kubernetes/kafka/acls.conf
# grants it; passwords (owner-only) and client configs in $LOCAL_STACK_DIR/kafka/credentials.
# upstream-ci also gets a client certificate for the mutual-TLS listener (kcat: see deploy/local/kafka.sh).
kafka_credentials=$LOCAL_STACK_DIR/kafka/credentials
"$repo/deploy/local/kafka.sh" client-certificate upstream-ci "$kafka_credentials"
java -cp "$repo/local-stack/target/classes:$repo/local-stack/target/lib/*" io.weft.local.KafkaAccess \
  --bootstrap "127.0.0.1:$KAFKA_PORT" --admin-config "$("$repo/deploy/local/kafka.sh" admin-config)" \
  --acls "$repo/deploy/kubernetes/kafka/acls.conf" --credentials-dir "$kafka_credentials" \
  --upstream-bootstrap "$("$repo/deploy/local/kafka.sh" upstream-bootstrap)" --ca-certificate "$("$repo/deploy/local/kafka.sh" ca-certificate)"

say "Checking PostgreSQL on $PGHOST:$PGPORT"
"$repo/deploy/ensure.sh" postgresql
if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$LOCAL_STACK_DATABASE'" | grep -q 1; then
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "CREATE DATABASE $LOCAL_STACK_DATABASE"
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

say "Starting the Fabric emulator on https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT"
emulator_dir=$LOCAL_STACK_DIR/emulator
rm -rf "$emulator_dir"   # the emulator keeps its items in memory: its files start afresh with it
mkdir -p "$emulator_dir"
export FABRIC_EMULATOR_PORT=$LOCAL_STACK_EMULATOR_PORT FABRIC_EMULATOR_DATA_DIR=$emulator_dir
# The demo runs on the fast profile (operations of 300 ms, Retry-After 1); unset it for Fabric-like timing.
export FABRIC_EMULATOR_PROFILE=${FABRIC_EMULATOR_PROFILE:-fast}
export FABRIC_EMULATOR_TENANT_ID=${WEFT_FABRIC_AUTH_TENANT_ID:-weft-local-tenant}
export FABRIC_EMULATOR_CLIENT_ID=${FABRIC_EMULATOR_CLIENT_ID:-weft-local}
export FABRIC_EMULATOR_CLIENT_SECRET=${FABRIC_EMULATOR_CLIENT_SECRET:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
# Weft's own API registration in the emulator's tenant: its app id is the audience the gateway and the tracker
# check, and the demo client is an app granted Weft.Submit and Weft.Read (client credentials, its own secret).
export FABRIC_EMULATOR_WEFT_APP_ID=${FABRIC_EMULATOR_WEFT_APP_ID:-7e57c11e-0000-4000-8000-00000000a0a1}
export LOCAL_STACK_DEMO_CLIENT_ID=${LOCAL_STACK_DEMO_CLIENT_ID:-weft-demo-client}
export LOCAL_STACK_DEMO_CLIENT_SECRET=${LOCAL_STACK_DEMO_CLIENT_SECRET:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
# The services read their secrets from the emulator's Key Vault as this app (no Weft roles): its secret is the only
# one they are given; the Fabric client secret, the Kafka passwords and the database password come from the vault.
export LOCAL_STACK_SECRETS_CLIENT_ID=${LOCAL_STACK_SECRETS_CLIENT_ID:-weft-secrets-reader}
export LOCAL_STACK_SECRETS_CLIENT_SECRET=${LOCAL_STACK_SECRETS_CLIENT_SECRET:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
export FABRIC_EMULATOR_API_CLIENTS="$LOCAL_STACK_DEMO_CLIENT_ID:$LOCAL_STACK_DEMO_CLIENT_SECRET:Weft.Submit,Weft.Read;$LOCAL_STACK_SECRETS_CLIENT_ID:$LOCAL_STACK_SECRETS_CLIENT_SECRET"
# Kept for the operator (owner-only file), so that they can get the dashboard a token; never printed.
(umask 077; printf '%s' "$LOCAL_STACK_DEMO_CLIENT_SECRET" > "$LOCAL_STACK_DIR/demo-client-secret")
# --- Dashboard sign-in: the demo user operator (Weft.Read, Weft.Cancel, Weft.Admin) signs in to the dashboard's
# single-page app through the emulator's sign-in form; the password is random, kept in an owner-only file, never
# printed, and only the emulator has it in its environment.
demo_user_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
(umask 077; printf '%s' "$demo_user_password" > "$LOCAL_STACK_DIR/demo-user-password")
export FABRIC_EMULATOR_USERS="operator:$demo_user_password:Weft.Read,Weft.Cancel,Weft.Admin"
export FABRIC_EMULATOR_SPA_CLIENTS="weft-dashboard:http://127.0.0.1:$LOCAL_STACK_TRACKER_PORT/,http://localhost:$LOCAL_STACK_TRACKER_PORT/"
export WEFT_TRACKER_DASHBOARD_SIGN_IN_CLIENT_ID=weft-dashboard
# --- end of dashboard sign-in
start_process fabric-emulator java -Xmx512m -jar "$repo"/fabric-emulator/target/fabric-emulator-*-runner.jar
export -n FABRIC_EMULATOR_USERS # the demo user's password stays the emulator's
wait_until "The Fabric emulator" 60 test -s "$emulator_dir/emulator-certificate.pem"
emulator_url=https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT
wait_until "The Fabric emulator" 60 curl -fsS --cacert "$emulator_dir/emulator-certificate.pem" -o /dev/null \
  "$emulator_url/$FABRIC_EMULATOR_TENANT_ID/v2.0/.well-known/openid-configuration"

say "Putting the services' secrets into the emulator's Key Vault ($emulator_url/secrets)"
# Through Key Vault's own API, as an operator would; secrets go on stdin, never on a command line.
(umask 077; printf '%s' "$LOCAL_STACK_SECRETS_CLIENT_SECRET" > "$LOCAL_STACK_DIR/secrets-client-secret")
vault_token=$(curl -fsS --cacert "$emulator_dir/emulator-certificate.pem" -d grant_type=client_credentials \
  -d client_id="$LOCAL_STACK_SECRETS_CLIENT_ID" --data-urlencode "client_secret@$LOCAL_STACK_DIR/secrets-client-secret" \
  -d scope=https://vault.azure.net/.default "$emulator_url/$FABRIC_EMULATOR_TENANT_ID/oauth2/v2.0/token" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
put_secret() { # name; the value on stdin
  { printf '{"value":"'; cat; printf '"}'; } | curl -fsS -o /dev/null --cacert "$emulator_dir/emulator-certificate.pem" -X PUT \
    -H @<(printf 'Authorization: Bearer %s' "$vault_token") -H 'Content-Type: application/json' --data-binary @- \
    "$emulator_url/secrets/$1?api-version=7.4"
}
printf '%s' "$FABRIC_EMULATOR_CLIENT_SECRET" | put_secret weft-fabric-client-secret
# PostgreSQL here trusts local connections; a password it does need goes in PGPASSWORD.
printf '%s' "${PGPASSWORD:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}" | put_secret weft-database-password
for user in upload-gateway job-tracker provisioner model-deployer; do
  tr -d '\n' < "$kafka_credentials/$user.password" | put_secret "weft-kafka-$user-password"
done
unset vault_token

# The services, configured for Kafka, PostgreSQL and the emulator: the same keys as docker-compose.yml.
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
export WEFT_STAGING_LOCAL_DIRECTORY=$LOCAL_STACK_DIR/staging
export WEFT_PROVISIONER_ITEM_JOB_CHECKPOINT_DIRECTORY=$LOCAL_STACK_DIR/checkpoints
export WEFT_PROVISIONER_WORKSPACE_CHECKPOINT_DIRECTORY=$LOCAL_STACK_DIR/workspace-checkpoints
export WEFT_DEPLOYER_REFRESH_CHECKPOINT_DIRECTORY=$LOCAL_STACK_DIR/refresh-checkpoints
export WEFT_DEPLOYER_PROMOTION_CHECKPOINT_DIRECTORY=$LOCAL_STACK_DIR/promotion-checkpoints
# dev, qa and prod of the Sales model: workspaces, parameter values and connection bindings per environment
export WEFT_DEPLOYER_ENVIRONMENTS_FILE=${WEFT_DEPLOYER_ENVIRONMENTS_FILE:-$repo/examples/environments/weft-environments.yaml}
export WEFT_FABRIC_API_URL=https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT/v1
export WEFT_FABRIC_ONELAKE_URL=https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT/onelake
export WEFT_FABRIC_POWER_BI_API_URL=https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT/v1.0/myorg
export WEFT_FABRIC_AUTH_METHOD=client-secret
export WEFT_FABRIC_AUTH_AUTHORITY_HOST=https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT
export WEFT_FABRIC_AUTH_TENANT_ID=$FABRIC_EMULATOR_TENANT_ID
export WEFT_FABRIC_AUTH_CLIENT_ID=$FABRIC_EMULATOR_CLIENT_ID
export WEFT_FABRIC_TLS_TRUST_CERTIFICATE=$emulator_dir/emulator-certificate.pem
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$LOCAL_STACK_DATABASE
export QUARKUS_DATASOURCE_USERNAME=$PGUSER
# Secrets by reference, from Key Vault (secrets-support's key-vault credentials provider), re-read every 5 minutes.
export WEFT_KEY_VAULT_URL=$emulator_url
export WEFT_KEY_VAULT_VERIFY_CHALLENGE_RESOURCE=false   # the emulator is reached by IP, not as *.vault.azure.net
export WEFT_KEY_VAULT_TLS_TRUST_CERTIFICATE=$emulator_dir/emulator-certificate.pem
export WEFT_KEY_VAULT_AUTH_METHOD=client-secret
export WEFT_KEY_VAULT_AUTH_AUTHORITY_HOST=$emulator_url
export WEFT_KEY_VAULT_AUTH_TENANT_ID=$FABRIC_EMULATOR_TENANT_ID
export WEFT_KEY_VAULT_AUTH_CLIENT_ID=$LOCAL_STACK_SECRETS_CLIENT_ID
export WEFT_FABRIC_AUTH_CREDENTIALS_PROVIDER=weft-fabric-client-secret
export WEFT_FABRIC_AUTH_CREDENTIALS_PROVIDER_NAME=key-vault
export QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER=weft-database-password
export QUARKUS_DATASOURCE_CREDENTIALS_PROVIDER_NAME=key-vault
# Kafka: SASL/SCRAM as each service's own user (service() below), the password asked of the vault at every login.
export KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT
export KAFKA_SASL_MECHANISM=SCRAM-SHA-512
export KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS=io.weft.support.secrets.ScramCredentialsCallbackHandler
export WEFT_GATEWAY_PUBLIC_TRACKER_URL=http://127.0.0.1:$LOCAL_STACK_TRACKER_PORT
# The gateway and the tracker accept the emulator tenant's tokens for Weft's app id (quarkus-oidc).
export QUARKUS_OIDC_AUTH_SERVER_URL=https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT/$FABRIC_EMULATOR_TENANT_ID/v2.0
export QUARKUS_OIDC_TOKEN_AUDIENCE=$FABRIC_EMULATOR_WEFT_APP_ID
export QUARKUS_OIDC_TLS_TLS_CONFIGURATION_NAME=entra
export QUARKUS_TLS_ENTRA_TRUST_STORE_PEM_CERTS=$emulator_dir/emulator-certificate.pem

# --- Observability: Zipkin, the trace backend (before the services, so that their first spans have a place to go).
say "Starting Zipkin on http://127.0.0.1:$LOCAL_STACK_ZIPKIN_PORT"
zipkin_dir=$LOCAL_STACK_DIR/zipkin
if [ ! -s "$zipkin_dir/zipkin-server.jar" ] || [ "$repo/deploy/local/zipkin/pom.xml" -nt "$zipkin_dir/zipkin-server.jar" ]; then
  echo "Fetching Zipkin's server jar from Maven Central (once)..."
  ./mvnw -B -q -f "$repo/deploy/local/zipkin/pom.xml" dependency:copy -Dzipkin.dir="$zipkin_dir"
fi
# In-memory storage (traces go with the process); listening on loopback only. Spans come over HTTP: without
# KAFKA_BOOTSTRAP_SERVERS Zipkin starts no Kafka collector (it would need a Kafka user of its own).
start_process zipkin env -u KAFKA_BOOTSTRAP_SERVERS java -Xmx256m -jar "$zipkin_dir/zipkin-server.jar" --armeria.ports[0].port="$LOCAL_STACK_ZIPKIN_PORT" \
  --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].protocols[0]=http
wait_until "Zipkin" 90 curl -fsS "http://127.0.0.1:$LOCAL_STACK_ZIPKIN_PORT/health"
export WEFT_TRACING_ZIPKIN_ENDPOINT=http://127.0.0.1:$LOCAL_STACK_ZIPKIN_PORT/api/v2/spans
# --- end of observability (Zipkin)

service() { # module, port: only the vault reader's secret in its environment, none of the emulator's or the demo's
  start_process "$1" env -u FABRIC_EMULATOR_CLIENT_SECRET -u FABRIC_EMULATOR_API_CLIENTS -u LOCAL_STACK_DEMO_CLIENT_SECRET \
    -u LOCAL_STACK_SECRETS_CLIENT_SECRET WEFT_KEY_VAULT_AUTH_CLIENT_SECRET="$LOCAL_STACK_SECRETS_CLIENT_SECRET" \
    KAFKA_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$1\" credentialsProvider=\"weft-kafka-$1-password\" credentialsProviderName=\"key-vault\";" \
    QUARKUS_HTTP_PORT="$2" java -Xmx384m -jar "$repo/$1/target/quarkus-app/quarkus-run.jar"
}
say "Starting the services"
service job-tracker "$LOCAL_STACK_TRACKER_PORT"
service upload-gateway "$LOCAL_STACK_GATEWAY_PORT"
service provisioner "$LOCAL_STACK_PROVISIONER_PORT"
service model-deployer "$LOCAL_STACK_DEPLOYER_PORT"
for entry in job-tracker:$LOCAL_STACK_TRACKER_PORT upload-gateway:$LOCAL_STACK_GATEWAY_PORT provisioner:$LOCAL_STACK_PROVISIONER_PORT model-deployer:$LOCAL_STACK_DEPLOYER_PORT; do
  wait_until "${entry%%:*}" 120 curl -fsS "http://127.0.0.1:${entry##*:}/q/health/ready"
  echo "  ${entry%%:*} ready on http://127.0.0.1:${entry##*:}"
done

# --- Observability: Prometheus scraping the four services, with Weft's alert rules (deploy/prometheus/).
say "Starting Prometheus on http://127.0.0.1:$LOCAL_STACK_PROMETHEUS_PORT"
"$repo/deploy/ensure.sh" prometheus
prometheus_dir=$LOCAL_STACK_DIR/prometheus
mkdir -p "$prometheus_dir/data"
sed -e "s|@RULES_DIR@|$repo/deploy/prometheus/rules|" -e "s|@TRACKER_PORT@|$LOCAL_STACK_TRACKER_PORT|" \
  -e "s|@GATEWAY_PORT@|$LOCAL_STACK_GATEWAY_PORT|" -e "s|@PROVISIONER_PORT@|$LOCAL_STACK_PROVISIONER_PORT|" \
  -e "s|@DEPLOYER_PORT@|$LOCAL_STACK_DEPLOYER_PORT|" -e "s|@PROMETHEUS_PORT@|$LOCAL_STACK_PROMETHEUS_PORT|" \
  "$repo/deploy/prometheus/prometheus.yml.template" > "$prometheus_dir/prometheus.yml"
start_process prometheus prometheus --config.file="$prometheus_dir/prometheus.yml" \
  --storage.tsdb.path="$prometheus_dir/data" --web.listen-address="127.0.0.1:$LOCAL_STACK_PROMETHEUS_PORT"
wait_until "Prometheus" 60 curl -fsS "http://127.0.0.1:$LOCAL_STACK_PROMETHEUS_PORT/-/ready"
# --- end of observability (Prometheus)

trap - INT TERM
if [ "${LOCAL_STACK_DEMO:-1}" = 1 ]; then
  say "Running the demo"
  trap on_interrupt INT TERM
  status=0
  WEFT_FABRIC_AUTH_CLIENT_SECRET=$FABRIC_EMULATOR_CLIENT_SECRET \
  java -cp "$repo/local-stack/target/classes:$repo/local-stack/target/lib/*" io.weft.local.DemoClient \
    --gateway "http://127.0.0.1:$LOCAL_STACK_GATEWAY_PORT" --tracker "http://127.0.0.1:$LOCAL_STACK_TRACKER_PORT" \
    --emulator "https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT" --emulator-certificate "$emulator_dir/emulator-certificate.pem" \
    --scenario "$repo/examples/scenarios/retail" --model "$repo/examples/semantic-models/Sales" \
    --workspace-example "$repo/examples/workspaces/sales" --environments "$WEFT_DEPLOYER_ENVIRONMENTS_FILE" || status=$?
  trap - INT TERM
fi
echo
echo "Dashboard: http://127.0.0.1:$LOCAL_STACK_TRACKER_PORT/   Gateway API: http://127.0.0.1:$LOCAL_STACK_GATEWAY_PORT/q/swagger-ui"
echo "Sign in to the dashboard as operator (Weft.Read, Weft.Cancel, Weft.Admin); the password is in $LOCAL_STACK_DIR/demo-user-password"
echo "Or paste the demo client's token into its \"Use an access token\" box (Weft.Read; valid for an hour), from:"
echo "  curl -sk -d grant_type=client_credentials -d client_id=$LOCAL_STACK_DEMO_CLIENT_ID -d client_secret=\$(cat $LOCAL_STACK_DIR/demo-client-secret) \\"
echo "    -d scope=api://$FABRIC_EMULATOR_WEFT_APP_ID/.default https://127.0.0.1:$LOCAL_STACK_EMULATOR_PORT/$FABRIC_EMULATOR_TENANT_ID/oauth2/v2.0/token"
echo "Kafka (ACLs): the example upstream CI user may write its own weft.commands.deploy.from.upstream-ci and read weft.job-events (model-deployer/README.md):"
echo "  kcat -F $kafka_credentials/upstream-ci.kcat.conf -C -t weft.job-events -e   (mutual TLS on 127.0.0.1:$KAFKA_UPSTREAM_PORT)"
echo "Metrics and alerts (Prometheus): http://127.0.0.1:$LOCAL_STACK_PROMETHEUS_PORT/alerts   Traces (Zipkin): http://127.0.0.1:$LOCAL_STACK_ZIPKIN_PORT/zipkin/"
echo "Logs: $log_dir   Stop everything: deploy/local/stop.sh"
exit "${status:-0}"
