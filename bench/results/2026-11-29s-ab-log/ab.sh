#!/bin/bash
# usage: ab.sh rounds url...   alternates /tmp/gw-old and /tmp/gw-new
cd /work/main
export RATE_LIMIT_READ_PER_MIN=10000000 RATE_LIMIT_WRITE_PER_MIN=10000000 RATE_LIMIT_AUTH_PER_MIN=10000000 LOG_LEVEL=info NODE_ENV=production
rounds=$1; shift
for r in $(seq $rounds); do
  for v in old new; do
    cp --remove-destination /tmp/gw-$v build/bin/api-gateway
    scripts/dev restart api-gateway >/dev/null 2>&1
    sleep 2
    for url in "$@"; do
      wrk -t2 -c64 -d8s "$url" >/dev/null
      rps=$(wrk -t2 -c64 -d20s --latency "$url" | awk '/Requests\/sec/{print $2} /Non-2xx/{print "NON2XX",$0}')
      echo "round=$r variant=$v url=$url rps=$rps"
    done
  done
done
cp --remove-destination /tmp/gw-new build/bin/api-gateway
scripts/dev restart api-gateway >/dev/null 2>&1
