# Shared settings of the local stack, sourced by run.sh and stop.sh. Every value can be overridden from the
# environment; ports are the services' defaults.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export LOCAL_STACK_DIR=${LOCAL_STACK_DIR:-$repo/target/local}
export KAFKA_PORT=${KAFKA_PORT:-9092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
export KAFKA_UPSTREAM_PORT=${KAFKA_UPSTREAM_PORT:-9094}
export LOCAL_STACK_TRACKER_PORT=${LOCAL_STACK_TRACKER_PORT:-8080}
export LOCAL_STACK_GATEWAY_PORT=${LOCAL_STACK_GATEWAY_PORT:-8081}
export LOCAL_STACK_PROVISIONER_PORT=${LOCAL_STACK_PROVISIONER_PORT:-8082}
export LOCAL_STACK_DEPLOYER_PORT=${LOCAL_STACK_DEPLOYER_PORT:-8083}
export LOCAL_STACK_EMULATOR_PORT=${LOCAL_STACK_EMULATOR_PORT:-8443}
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-postgres}
export LOCAL_STACK_DATABASE=${LOCAL_STACK_DATABASE:-weft_local}
pid_dir=$LOCAL_STACK_DIR/pids
log_dir=$LOCAL_STACK_DIR/logs

# Observability: the local stack's Prometheus (metrics, alerts) and Zipkin (traces), on 127.0.0.1.
export LOCAL_STACK_PROMETHEUS_PORT=${LOCAL_STACK_PROMETHEUS_PORT:-9090}
export LOCAL_STACK_ZIPKIN_PORT=${LOCAL_STACK_ZIPKIN_PORT:-9411}
