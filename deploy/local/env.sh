# Shared settings of the local stack, sourced by run.sh and stop.sh. Every value can be overridden from the
# environment; ports are the services' defaults.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export WEFT_LOCAL_DIR=${WEFT_LOCAL_DIR:-$repo/target/local}
export KAFKA_PORT=${KAFKA_PORT:-9092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
export WEFT_TRACKER_PORT=${WEFT_TRACKER_PORT:-8080}
export WEFT_GATEWAY_PORT=${WEFT_GATEWAY_PORT:-8081}
export WEFT_PROVISIONER_PORT=${WEFT_PROVISIONER_PORT:-8082}
export WEFT_DEPLOYER_PORT=${WEFT_DEPLOYER_PORT:-8083}
export WEFT_EMULATOR_PORT=${WEFT_EMULATOR_PORT:-8443}
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-postgres}
export WEFT_DATABASE=${WEFT_DATABASE:-weft_local}
pid_dir=$WEFT_LOCAL_DIR/pids
log_dir=$WEFT_LOCAL_DIR/logs
