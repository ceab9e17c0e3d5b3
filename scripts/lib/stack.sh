# shellcheck shell=bash
# scripts/lib/stack.sh — the whole stack at once (used by scripts/test and scripts/chaos).
#
# Functions: stack_start     postgres, redis, kafka (+ topics), then the five services
#            stack_teardown  stops every component; each step runs even when an earlier one
#                            failed; returns 1 on any failure
# Uses what scripts/lib/{env,postgres,redis,kafka,services}.sh use (call tt_env_dev or tt_env_test
# first).

# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=scripts/lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
# shellcheck source=scripts/lib/redis.sh
source "$(dirname "${BASH_SOURCE[0]}")/redis.sh"
# shellcheck source=scripts/lib/kafka.sh
source "$(dirname "${BASH_SOURCE[0]}")/kafka.sh"
# shellcheck source=scripts/lib/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

stack_start() {
  pg_start
  redis_start
  kafka_start
  kafka_create_topics
  services_start
}

stack_teardown() {
  local rc=0 step
  kafka_resume >/dev/null 2>&1 || true  # a broker frozen by a chaos test would ignore SIGTERM
  for step in services_stop kafka_stop redis_stop pg_stop; do
    if ! ("$step"); then
      printf 'teardown: %s failed\n' "$step" >&2
      rc=1
    fi
  done
  return "$rc"
}
