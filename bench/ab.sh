#!/bin/bash
# Same-run A/B of CPU per decision: `bench/ab.sh <label> <rounds> name=worktree ...` runs the saturated PostgreSQL
# measurement (BENCH_SATURATED_ONLY, BENCH_RUNS per server, default 2) of each worktree in turn, reversing the
# order every other round so that load drifting during the run does not always fall on the same variant.
# Each variant gets its own port (from BENCH_AB_PORT, default 3101) and database (<BENCH_AB_DB>_<n>, default
# xyp_ab_<n>, at BENCH_AB_PG, default postgres://postgres@127.0.0.1:5432). Results: /tmp/xyp-ab-<label>/.
set -u
label=$1; rounds=$2; shift 2
variants=("$@")
out=/tmp/xyp-ab-$label
mkdir -p "$out"
pg=${BENCH_AB_PG:-postgres://postgres@127.0.0.1:5432}
for i in $(seq 1 "$rounds"); do
  order=("${variants[@]}")
  if [ $((i % 2)) -eq 0 ]; then
    order=(); for ((k=${#variants[@]}-1; k>=0; k--)); do order+=("${variants[k]}"); done
  fi
  for v in "${order[@]}"; do
    name=${v%%=*}; dir=${v#*=}
    n=0; for w in "${variants[@]}"; do [ "$w" = "$v" ] && break; n=$((n+1)); done
    db=${BENCH_AB_DB:-xyp_ab}_$n
    (cd "$dir" && BENCH_SATURATED_ONLY=1 BENCH_RUNS=${BENCH_RUNS:-2} BENCH_PORT=$(( ${BENCH_AB_PORT:-3101} + n )) \
      BENCH_DATABASE_URL=$pg/$db BENCH_OUT=$out/$name-$i.json timeout 600 node --import tsx bench/applications.ts) \
      > "$out/$name-$i.log" 2>&1
    grep 饱和 "$out/$name-$i.log" | sed "s/^/$name $i /"
  done
done
