#!/usr/bin/env bash
# Smoke test of the quick start: `npm start` with neither DATABASE_URL nor REDIS_URL set must
# answer /health/ready with 200, refuse a second start on the same data folder, stop cleanly on
# SIGTERM and come back with its data. Writes "passed failed" to $1.
set -uo pipefail
cd "$(dirname "$0")/.."
counts_file=$1
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }

data_dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
log1=$(mktemp); log2=$(mktemp); log3=$(mktemp)
unset DATABASE_URL REDIS_URL
export DATA_DIR=$data_dir PORT=$port

wait_ready() { # pid, seconds
  for _ in $(seq 1 "$2"); do
    kill -0 "$1" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ] && return 0
    sleep 1
  done
  return 1
}

started=$(date +%s%N)
node dist/apps/api/src/main.js >"$log1" 2>&1 &
pid=$!
if wait_ready $pid 90; then
  ok "embedded start answers /health/ready 200 ($(( ($(date +%s%N) - started) / 1000000 )) ms to ready)"
else
  bad "embedded start did not become ready"; tail -30 "$log1"
fi
grep -q "Demo offices created" "$log1" && ok "first start seeds the demo offices and prints the logins" || bad "no demo logins printed"

if PORT=$((port + 1)) timeout 30 node dist/apps/api/src/main.js >"$log2" 2>&1; then
  bad "a second start on the same DATA_DIR succeeded"
else
  grep -q "is in use by another Sprechstunde process" "$log2" && ok "a second start on the same DATA_DIR fails with a clear message" || { bad "second start failed without the clear message"; cat "$log2"; }
fi

kill -TERM $pid
wait $pid; rc=$?
[ $rc -eq 0 ] && grep -q '"msg":"stopped"' "$log1" && ok "SIGTERM stops the service cleanly" || bad "SIGTERM exit code $rc"

node dist/apps/api/src/main.js >"$log3" 2>&1 &
pid=$!
if wait_ready $pid 90; then
  if grep -q "Demo offices created" "$log3"; then bad "restart seeded again (data lost?)"; else ok "restart keeps the data"; fi
  grep -o '"startupMs":[0-9]*' "$log1" "$log3" | sed 's/^/  startup: /'
else
  bad "restart did not become ready"; tail -30 "$log3"
fi
kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null

rm -rf "$data_dir" "$log1" "$log2" "$log3"
echo "$passed $failed" >"$counts_file"
[ $failed -eq 0 ]
