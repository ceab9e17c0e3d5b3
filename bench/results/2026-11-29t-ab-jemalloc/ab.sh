#!/bin/bash
# usage: VARIANTS="a b" ab.sh rounds url...   swaps build/bin/api-gateway for /tmp/gw-<variant> between runs
# and prints req/s, the gateway's CPU-µs per request (utime+stime over the measured run) and its RSS.
cd /work/main
export RATE_LIMIT_READ_PER_MIN=10000000 RATE_LIMIT_WRITE_PER_MIN=10000000 RATE_LIMIT_AUTH_PER_MIN=10000000 LOG_LEVEL=info NODE_ENV=production
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rounds=$1; shift
for r in $(seq "$rounds"); do
  for v in ${VARIANTS:-old new}; do
    cp --remove-destination "/tmp/gw-$v" build/bin/api-gateway
    scripts/dev restart api-gateway >/dev/null 2>&1
    sleep 2
    pid=$(pgrep -x api-gateway)
    for url in "$@"; do
      wrk -t2 -c64 -d8s "$url" >/dev/null
      before=$(cpu_ticks "$pid")
      out=$(wrk -t2 -c64 -d20s --latency "$url")
      after=$(cpu_ticks "$pid")
      rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
      n=$(awk '/requests in/{print $1}' <<<"$out")
      non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
      us=$(python3 -c "print(round(($after-$before)*1e6/$(getconf CLK_TCK)/$n,1))")
      rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
      hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
      echo "round=$r variant=$v url=$url rps=$rps gateway_us_per_req=$us rss_kib=$rss hwm_kib=$hwm non2xx=${non2xx:-0}"
    done
  done
done
cp --remove-destination /tmp/gw-new build/bin/api-gateway
scripts/dev restart api-gateway >/dev/null 2>&1
