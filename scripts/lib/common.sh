# shellcheck shell=bash
# scripts/lib/common.sh — shared helpers for every tiktok-clone shell script.
#
# Source it (it is a library, not a program):  source "$ROOT/scripts/lib/common.sh"
#
# Provides:
#   ROOT, TT_SCRIPTS_DIR         repository root / scripts dir (detected from this file's location)
#   TT_CACHE_DIR                 downloads that survive between runs (default $HOME/.cache/tiktok-clone)
#   TT_BUILD_DIR                 CMake build tree (default $ROOT/build); binaries in $TT_BUILD_DIR/bin
#   tt_log / tt_warn / tt_die    messages on stderr (tt_die exits 1)
#   tt_ensure_deps               apt-get install the missing packages of scripts/deps.txt
#   tt_free_port [count]         print <count> distinct free TCP ports on 127.0.0.1 (one per line)
#   tt_port_in_use <port>        true when something accepts TCP connections on 127.0.0.1:<port>
#   tt_wait_for <desc> <timeout-seconds> <command...>
#                                poll <command> every 0.2 s until it succeeds; if TT_WAIT_PID is set,
#                                give up early when that process dies
#   tt_build                     configure (once) and build with CMake + Ninja
#   tt_pid_running <pidfile> [cmdline-substring]   print the pid when that process is alive
#   tt_spawn <logfile> <pidfile> <command...>     start a daemon (own session), print its pid
#   tt_stop_pid <name> <pid> <timeout-seconds>     SIGTERM, wait, then SIGKILL
#   tt_kill_pid <name> <pid>     SIGKILL and wait until it is gone (crash simulation, chaos tests)
#   tt_log_tail <file> [lines]   print the end of a log file (for failure reports)
#   tt_require_state             fail unless TT_STATE_DIR is set (tt_env_dev / tt_env_test set it)

if [[ -n "${TT_COMMON_SH_LOADED:-}" ]]; then
  return 0
fi
TT_COMMON_SH_LOADED=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TT_SCRIPTS_DIR="$ROOT/scripts"
TT_CACHE_DIR="${TT_CACHE_DIR:-$HOME/.cache/tiktok-clone}"
TT_BUILD_DIR="${TT_BUILD_DIR:-$ROOT/build}"
export ROOT TT_SCRIPTS_DIR TT_CACHE_DIR TT_BUILD_DIR

# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------

tt_log() {
  printf '[tt %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

tt_warn() {
  printf '[tt %s] warning: %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

tt_die() {
  printf '[tt %s] error: %s\n' "$(date +%H:%M:%S)" "$*" >&2
  exit 1
}

# tt_log_tail <file> [lines] — print the last lines of a log, framed, on stderr.
tt_log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -r "$file" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2 || true
    printf -- '----- end of %s -----\n' "$file" >&2
  else
    printf -- '(log file %s does not exist)\n' "$file" >&2
  fi
}

tt_require_state() {
  [[ -n "${TT_STATE_DIR:-}" ]] \
    || tt_die "TT_STATE_DIR is not set: call tt_env_dev or tt_env_test (scripts/lib/env.sh) first"
  mkdir -p "$TT_STATE_DIR/logs" "$TT_STATE_DIR/run"
}

# ---------------------------------------------------------------------------------------------
# Debian packages
# ---------------------------------------------------------------------------------------------

# Prints the package names of scripts/deps.txt (comments and blank lines removed).
_tt_deps_list() {
  local deps_file="$TT_SCRIPTS_DIR/deps.txt"
  [[ -r "$deps_file" ]] || tt_die "cannot read $deps_file (the list of Debian packages to install)"
  sed -e 's/#.*//' -e 's/[[:space:]]//g' "$deps_file" | grep -v '^$' || true
}

# Runs a command as root (directly when we are root, through sudo otherwise).
_tt_as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    tt_die "need root to run '$*': run this script as root or install sudo"
  fi
}

tt_ensure_deps() {
  local -a wanted=() missing=()
  local pkg
  mapfile -t wanted < <(_tt_deps_list)
  ((${#wanted[@]} > 0)) || return 0

  # One dpkg-query call for all packages; unknown packages are simply absent from the output.
  local installed
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null \
    | awk '$2 == "installed" { print $1 }' || true)"
  for pkg in "${wanted[@]}"; do
    grep -qxF -- "$pkg" <<<"$installed" || missing+=("$pkg")
  done
  ((${#missing[@]} > 0)) || return 0

  tt_log "installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
  _tt_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q \
    || tt_die "apt-get update failed: check the network and /etc/apt/sources.list"
  _tt_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || tt_die "apt-get install failed for: ${missing[*]} (are they in scripts/deps.txt with the right Debian 12 names?)"
}

# ---------------------------------------------------------------------------------------------
# Ports and waiting
# ---------------------------------------------------------------------------------------------

# tt_free_port [count] — the kernel picks the ports (bind to port 0). All sockets are held open
# until every port is chosen, so the <count> ports printed are distinct.
tt_free_port() {
  local count="${1:-1}"
  python3 - "$count" <<'PY' || tt_die "could not get a free TCP port from the kernel (python3 missing?)"
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
for s in socks:
    s.close()
PY
}

tt_port_in_use() {
  local port="$1"
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Fails with a clear message when <port> is already taken (by something we did not start).
tt_require_port_free() {
  local what="$1" port="$2" var="$3"
  if tt_port_in_use "$port"; then
    tt_die "$what: port 127.0.0.1:$port is already in use by another process (find it with: ss -ltnp 'sport = :$port'); stop it or set $var to another port (e.g. in $ROOT/.env)"
  fi
}

tt_wait_for() {
  local desc="$1" timeout="$2"
  shift 2
  local start now
  start="${EPOCHREALTIME/./}"
  while true; do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    if [[ -n "${TT_WAIT_PID:-}" ]] && _tt_pid_gone "$TT_WAIT_PID"; then
      printf '[tt %s] error: gave up waiting for %s: the process (pid %s) exited\n' \
        "$(date +%H:%M:%S)" "$desc" "$TT_WAIT_PID" >&2
      printf '  hint: its log (printed below, or in %s/logs) says why\n' "${TT_STATE_DIR:-<state dir>}" >&2
      return 1
    fi
    now="${EPOCHREALTIME/./}"
    if (((now - start) / 1000000 >= timeout)); then
      printf '[tt %s] error: timed out after %ss waiting for %s (check: %s)\n' \
        "$(date +%H:%M:%S)" "$timeout" "$desc" "$*" >&2
      printf '  hint: look at the log (printed below, or in %s/logs)\n' "${TT_STATE_DIR:-<state dir>}" >&2
      return 1
    fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

# tt_pid_running <pidfile> [cmdline-substring] — prints the pid and succeeds when the process in
# <pidfile> is alive (and its command line contains the substring, which guards against pid reuse).
tt_pid_running() {
  local pidfile="$1" pattern="${2:-}" pid cmdline
  [[ -r "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 1
  ! _tt_pid_gone "$pid" || return 1
  if [[ -n "$pattern" ]]; then
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *"$pattern"* ]] || return 1
  fi
  printf '%s\n' "$pid"
}

# True when <pid> has exited. A zombie counts as gone once all its threads are gone (the group
# leader of a multi-threaded process turns zombie before its other threads finish exiting and
# release sockets): daemons are re-parented to pid 1, which in containers may reap them late.
_tt_pid_gone() {
  local stat tasks
  kill -0 "$1" 2>/dev/null || return 0
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"
  [[ "${stat:0:1}" == Z ]] || return 1
  tasks="$(find "/proc/$1/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)"
  ((tasks <= 1))
}

# tt_stop_pid <name> <pid> <timeout-seconds> — SIGTERM, wait up to <timeout>, then SIGKILL.
tt_stop_pid() {
  local name="$1" pid="$2" timeout="$3" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 5; i++)); do
    _tt_pid_gone "$pid" && return 0
    sleep 0.2
  done
  tt_warn "$name (pid $pid) did not stop within ${timeout}s after SIGTERM: sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    _tt_pid_gone "$pid" && return 0
    sleep 0.1
  done
  tt_warn "$name (pid $pid) is still alive after SIGKILL"
  return 1
}

# tt_kill_pid <name> <pid> — SIGKILL (no chance to clean up: a crash) and wait up to 5 s until the
# process is gone. Fails when it survives.
tt_kill_pid() {
  local name="$1" pid="$2" i
  tt_log "$name: SIGKILL (pid $pid)"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    _tt_pid_gone "$pid" && return 0
    sleep 0.1
  done
  tt_warn "$name (pid $pid) is still alive after SIGKILL"
  return 1
}

# tt_spawn <logfile> <pidfile> <command...> — starts <command> as a daemon: own session (Ctrl-C in
# the calling terminal does not reach it), stdin from /dev/null, stdout+stderr appended to
# <logfile>. Writes and prints its pid. (The subshell has no job control, so setsid never forks
# and $! is the pid of <command> itself.)
tt_spawn() {
  local log="$1" pidfile="$2"
  shift 2
  (
    setsid nohup "$@" >>"$log" 2>&1 </dev/null &
    printf '%s\n' "$!" >"$pidfile"
  )
  cat "$pidfile"
}

# Prints one status line: <component> <running|stopped> port=<port> pid=<pid>
tt_status_line() {
  printf '%-22s %-8s port=%-6s pid=%s\n' "$1" "$2" "${3:--}" "${4:--}"
}

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------

tt_build() {
  [[ -f "$ROOT/CMakeLists.txt" ]] || tt_die "no $ROOT/CMakeLists.txt: nothing to build"
  if [[ ! -f "$TT_BUILD_DIR/CMakeCache.txt" || ! -f "$TT_BUILD_DIR/build.ninja" ]]; then
    tt_log "configuring CMake in $TT_BUILD_DIR (${TT_BUILD_TYPE:-RelWithDebInfo})"
    cmake -S "$ROOT" -B "$TT_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${TT_BUILD_TYPE:-RelWithDebInfo}" \
      || tt_die "CMake configure failed (see the messages above); after fixing, rerun (or rm -rf $TT_BUILD_DIR for a clean configure)"
  fi
  tt_log "building in $TT_BUILD_DIR"
  cmake --build "$TT_BUILD_DIR" -j2 || tt_die "build failed (see the compiler errors above)"
}
