# shellcheck shell=bash
# scripts/lib/services.sh — the six tiktok-clone service processes.
#
# Functions: services_start, services_stop, services_status, service_start <name>,
#            service_stop <name>, service_restart <name>, service_kill <name> (SIGKILL, for chaos
#            tests), service_http_port <name>, service_log <name>.
# Names (start order): auth-service video-service interaction-service notification-service analytics-service
#   api-gateway
# Binaries: $TT_BUILD_DIR/bin/<name>. They read their configuration from the environment
# (tt_env_dev / tt_env_test export it) and run with $ROOT as working directory. Each one must answer GET http://127.0.0.1:<http-port>/ready
# with 2xx once it can serve.
# Files: $TT_STATE_DIR/logs/<name>.log (stdout+stderr, appended), $TT_STATE_DIR/run/<name>.pid.

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TT_SERVICES=(auth-service video-service interaction-service notification-service analytics-service api-gateway)
TT_SERVICE_READY_TIMEOUT="${TT_SERVICE_READY_TIMEOUT:-60}"
TT_SERVICE_STOP_TIMEOUT="${TT_SERVICE_STOP_TIMEOUT:-20}"

_service_check_name() {
  local name="$1" s
  for s in "${TT_SERVICES[@]}"; do
    [[ "$s" == "$name" ]] && return 0
  done
  tt_die "unknown service '$name' (known: ${TT_SERVICES[*]})"
}

# Prints the HTTP port of a service (the port of /health and /ready).
service_http_port() {
  local port
  case "$1" in
    api-gateway) port="${PORT:-}" ;;
    auth-service) port="${AUTH_HTTP_PORT:-}" ;;
    video-service) port="${VIDEO_HTTP_PORT:-}" ;;
    interaction-service) port="${INTERACTION_HTTP_PORT:-}" ;;
    notification-service) port="${NOTIFICATION_HTTP_PORT:-}" ;;
    analytics-service) port="${ANALYTICS_HTTP_PORT:-}" ;;
    *) tt_die "unknown service '$1' (known: ${TT_SERVICES[*]})" ;;
  esac
  [[ -n "$port" ]] || tt_die "the HTTP port of $1 is not set: call tt_env_dev or tt_env_test first"
  printf '%s\n' "$port"
}

service_log() { printf '%s/logs/%s.log\n' "$TT_STATE_DIR" "$1"; }
_service_pidfile() { printf '%s/run/%s.pid\n' "$TT_STATE_DIR" "$1"; }
_service_bin() { printf '%s/bin/%s\n' "$TT_BUILD_DIR" "$1"; }

_service_pid() {
  tt_pid_running "$(_service_pidfile "$1")" "$(_service_bin "$1")"
}

_service_ready() {
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$1/ready"
}

service_start() {
  local name="$1" bin log port pid
  tt_require_state
  _service_check_name "$name"
  bin="$(_service_bin "$name")"
  log="$(service_log "$name")"
  port="$(service_http_port "$name")"
  if pid="$(_service_pid "$name")"; then
    tt_log "$name: already running (pid $pid, http port $port)"
  else
    [[ -x "$bin" ]] || tt_die "$name: binary $bin not found: build the project first (tt_build)"
    tt_require_port_free "$name" "$port" "the HTTP port variable of $name"
    printf '===== %s started %s =====\n' "$name" "$(date -Is)" >>"$log"
    pid="$(cd "$ROOT" && tt_spawn "$log" "$(_service_pidfile "$name")" "$bin")"
    tt_log "$name: started (pid $pid), waiting for http://127.0.0.1:$port/ready"
  fi
  if ! TT_WAIT_PID="$pid" tt_wait_for "$name to answer http://127.0.0.1:$port/ready" \
    "$TT_SERVICE_READY_TIMEOUT" _service_ready "$port"; then
    tt_log_tail "$log" 40
    tt_stop_pid "$name" "$pid" 5 >/dev/null 2>&1 || true
    rm -f "$(_service_pidfile "$name")"
    tt_die "$name: not ready (stopped it; log above: $log)"
  fi
}

service_stop() {
  local name="$1" pid
  tt_require_state
  _service_check_name "$name"
  if pid="$(_service_pid "$name")"; then
    tt_log "$name: stopping (pid $pid)"
    tt_stop_pid "$name" "$pid" "$TT_SERVICE_STOP_TIMEOUT" || tt_die "$name: pid $pid survived SIGKILL"
  fi
  rm -f "$(_service_pidfile "$name")"
}

# service_kill <name> — SIGKILL (a crash: no draining, no offset commit); service_start brings it back.
service_kill() {
  local name="$1" pid
  tt_require_state
  _service_check_name "$name"
  if pid="$(_service_pid "$name")"; then
    tt_kill_pid "$name" "$pid" || tt_die "$name: pid $pid survived SIGKILL"
  else
    tt_log "$name: not running"
  fi
  rm -f "$(_service_pidfile "$name")"
}

service_restart() {
  service_stop "$1"
  service_start "$1"
}

services_start() {
  local name
  for name in "${TT_SERVICES[@]}"; do
    service_start "$name"
  done
}

services_stop() {
  local i
  for ((i = ${#TT_SERVICES[@]} - 1; i >= 0; i--)); do
    service_stop "${TT_SERVICES[i]}"
  done
}

# One line per service; returns 3 when at least one is stopped.
services_status() {
  tt_require_state
  local name pid rc=0
  for name in "${TT_SERVICES[@]}"; do
    if pid="$(_service_pid "$name")"; then
      tt_status_line "$name" running "$(service_http_port "$name")" "$pid"
    else
      tt_status_line "$name" stopped "$(service_http_port "$name")" -
      rc=3
    fi
  done
  return "$rc"
}
