#!/usr/bin/env bash
# Smoke test of production mode: API and worker as separate processes on PostgreSQL and Redis,
# migrations as their own step. Writes "passed failed" to $1.
set -uo pipefail
cd "$(dirname "$0")/.."
counts_file=$1
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }

db="ci_smoke_$$"
psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $db"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_URL=redis://127.0.0.1:6379
export QUEUE_PREFIX="smoke$$" PORT=$((20000 + RANDOM % 20000))
export LIVEKIT_API_KEY=APIsmoke LIVEKIT_API_SECRET=smoke-secret-not-for-production DATA_ENCRYPTION_KEY="$(openssl rand -base64 32)"
api_log=$(mktemp); worker_log=$(mktemp)
# What the run created goes, also when it fails: its database, its Redis keys, its logs.
cleanup() {
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  redis-cli -h 127.0.0.1 --scan --pattern "$QUEUE_PREFIX:*" | xargs -r redis-cli -h 127.0.0.1 del >/dev/null
  rm -f "$api_log" "$worker_log"
}
trap cleanup EXIT

node dist/apps/api/src/cli.js migration:run >/dev/null && ok "migration:run" || bad "migration:run"
node dist/apps/worker/src/main.js >"$worker_log" 2>&1 &
worker=$!
node dist/apps/api/src/main.js >"$api_log" 2>&1 &
api=$!
ready=0
for _ in $(seq 1 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ] && { ready=1; break; }
  sleep 1
done
[ $ready = 1 ] && ok "production API ready on PostgreSQL and Redis" || { bad "production API not ready"; tail -20 "$api_log"; }
grep -q "Demo offices created" "$api_log" && bad "production seeded demo data by itself" || ok "production does not seed by itself"
grep -q "worker is ready" "$worker_log" && ok "worker started" || { bad "worker did not start"; tail -20 "$worker_log"; }
grep -ho '"startupMs":[0-9]*' "$api_log" "$worker_log" | sed 's/^/  startup (api, worker): /'
kill -TERM $api $worker
wait $api; api_rc=$?
wait $worker; worker_rc=$?
[ $api_rc -eq 0 ] && [ $worker_rc -eq 0 ] && ok "API and worker stop cleanly on SIGTERM" || bad "SIGTERM exit codes api=$api_rc worker=$worker_rc"
echo "$passed $failed" >"$counts_file"
[ $failed -eq 0 ]
