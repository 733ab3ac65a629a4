#!/usr/bin/env bash
# End to end on one machine, as a multi-machine install runs: a local Prefect server, the `timpora`
# process work pool, one worker, the deployments of prefect.yaml, and one run of the sync, build and
# weekly-report deployments on the demo data. Run with `make e2e` (after `make demo` or `make install`).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="$PWD/.venv/bin"
PORT="${E2E_PORT:-4299}"
WORK="$(mktemp -d)"
export PREFECT_HOME="$WORK/prefect" PREFECT_API_URL="http://127.0.0.1:$PORT/api"
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
export TIMPORA_HOME="$PWD" TIMPORA_PSEUDONYM_KEY="${TIMPORA_PSEUDONYM_KEY:-e2e-only-pseudonym-key-not-for-production}"

"$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
WORKER=""
trap 'kill $WORKER $SERVER 2>/dev/null || true; echo "logs: $WORK"' EXIT

echo "waiting for the Prefect server on port $PORT (a first start migrates its database)"
for _ in $(seq 1 450); do
    "$BIN/python" -c "import urllib.request, sys; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" \
        2>/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 2
done

"$BIN/python" -c "
import datetime as dt; from pathlib import Path
from pipelines.demo.generate import generate_demo
generate_demo(Path('data/demo'), dt.date.today())"

"$BIN/prefect" work-pool create timpora --type process --overwrite
"$BIN/prefect" --no-prompt deploy --all
"$BIN/prefect" worker start --pool timpora >"$WORK/worker.log" 2>&1 &
WORKER=$!

for deployment in sync_sources/sync build_warehouse/build weekly_report/weekly-report; do
    echo "running $deployment through the work pool"
    "$BIN/prefect" deployment run "$deployment" --watch --watch-timeout 1800
done
echo "e2e: every deployment ran to completion on the worker"
