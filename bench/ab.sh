#!/bin/bash
# Same-run A/B of CPU per decision: `bench/ab.sh <label> <rounds> name=worktree[,VAR=value...] ...` runs the saturated
# PostgreSQL measurement (BENCH_SATURATED_ONLY, BENCH_RUNS per server, default 2) of each variant in turn, reversing
# the order every other round so that load drifting during the run does not always fall on the same variant. A
# variant may set environment variables for its run, e.g. `skip=.,SIGNATURE_VERIFICATION=skip-for-benchmark`.
# Each variant gets its own three ports (server, local identity provider, registry; from BENCH_AB_PORT, default 3101) and database (<BENCH_AB_DB>_<n>, default
# xyp_ab_<n>, at BENCH_AB_PG, default postgres://postgres@127.0.0.1:5432). BENCH_AB_PGBENCH=1 runs pgbench TPC-B
# (-c 50 -j 2 -T 10) at the start of each round and after the last, as the baseline the decisions are compared with.
# Each run is its own process group, killed once it ends, so a run that fails or times out leaves no server behind.
# Results: /tmp/xyp-ab-<label>/.
set -u
label=$1; rounds=$2; shift 2
variants=("$@")
out=/tmp/xyp-ab-$label
mkdir -p "$out"
pg=${BENCH_AB_PG:-postgres://postgres@127.0.0.1:5432}
db=${BENCH_AB_DB:-xyp_ab}

pgbench_round() {
  local scratch=${db}_pgbench
  psql -q "$pg/postgres" -c "drop database if exists $scratch" -c "create database $scratch" >/dev/null 2>&1 &&
    pgbench -i -q "$pg/$scratch" >/dev/null 2>&1 &&
    pgbench -c 50 -j 2 -T 10 "$pg/$scratch" > "$out/pgbench-$1.log" 2>&1
  psql -q "$pg/postgres" -c "drop database if exists $scratch" >/dev/null 2>&1
  echo "pgbench $1 $(grep -o 'tps = [0-9.]*' "$out/pgbench-$1.log" | head -1)"
}

for i in $(seq 1 "$rounds"); do
  [ "${BENCH_AB_PGBENCH:-}" = 1 ] && pgbench_round "$i"
  order=("${variants[@]}")
  if [ $((i % 2)) -eq 0 ]; then
    order=(); for ((k=${#variants[@]}-1; k>=0; k--)); do order+=("${variants[k]}"); done
  fi
  for v in "${order[@]}"; do
    name=${v%%=*}; spec=${v#*=}
    dir=${spec%%,*}; env=()
    [ "$spec" != "$dir" ] && IFS=, read -r -a env <<< "${spec#*,}"
    n=0; for w in "${variants[@]}"; do [ "$w" = "$v" ] && break; n=$((n+1)); done
    (cd "$dir" && exec setsid env "${env[@]}" BENCH_SATURATED_ONLY=1 BENCH_RUNS="${BENCH_RUNS:-2}" \
      BENCH_PORT=$(( ${BENCH_AB_PORT:-3101} + 3 * n )) BENCH_DATABASE_URL="$pg/${db}_$n" BENCH_OUT="$out/$name-$i.json" \
      timeout 900 node --import tsx bench/applications.ts) > "$out/$name-$i.log" 2>&1 &
    group=$!
    wait "$group"
    kill -KILL -- "-$group" 2>/dev/null
    grep 饱和 "$out/$name-$i.log" | sed "s/^/$name $i /"
  done
done
[ "${BENCH_AB_PGBENCH:-}" = 1 ] && pgbench_round after
true
