#!/bin/bash
# Interleaved like runs: the six service binaries with glibc's malloc, then with jemalloc, twice.
cd /work/main
for r in 1 2; do
  for v in glibc je; do
    for b in /tmp/bin-$v/*; do cp --remove-destination "$b" build/bin/; done
    scripts/bench like --rates 400 --duration 30 --broker-warmup 60 --no-build --out /tmp/like-ab/$r-$v > /tmp/like-ab-$r-$v.log 2>&1
    echo "round $r $v rc=$? $(grep -h 'like-400:' /tmp/like-ab-$r-$v.log | tail -1)"
  done
done
for b in /tmp/bin-je/*; do cp --remove-destination "$b" build/bin/; done
