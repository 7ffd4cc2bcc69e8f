#!/usr/bin/env bash
# npm start: install, generate, migrate, build, seed the demo, then serve web + worker
# in the foreground. Ctrl-C stops both.
set -euo pipefail
. "$(dirname "$0")/lib/env.sh"
# The demo calls model endpoints on this machine: loopback is allowed unless configured otherwise.
export FIELDTEST_OUTBOUND_ALLOW="${FIELDTEST_OUTBOUND_ALLOW-127.0.0.1,::1,localhost}"
. "$ROOT/scripts/lib/services.sh"
cd "$ROOT"

step() { printf '\n\033[1m▸ %s\033[0m\n' "$*"; }

step "Installing dependencies"
install_dependencies
step "Checking PostgreSQL and Redis"
ensure_postgres
ensure_redis
step "Generating the Prisma client"
npm run -s db:generate >/dev/null
step "Applying database migrations"
npm run -s db:migrate
step "Building the web app (cached after the first time)"
npx turbo run build --filter=@fieldtest/web --output-logs=errors-only
step "Seeding the demo portfolio"
npm run -s db:seed

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

step "Starting worker and web"
# Started directly (not through npm, which does not pass SIGTERM on) so stopping this script
# stops both: the worker then finishes or hands back its jobs cleanly.
(cd "$ROOT/apps/worker" && exec node --import tsx src/main.ts) &
pids+=($!)
(cd "$ROOT/apps/web" && exec "$ROOT/node_modules/.bin/next" start --port "$PORT") &
pids+=($!)

ready=""
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/sign-in" 2>/dev/null; then ready=1; break; fi
  sleep 1
done
if [ -z "$ready" ]; then
  echo "✗ The web app did not answer on port $PORT within 60 s; see its output above." >&2
  exit 1
fi
# The first page a newcomer opens should tell the demo's story: wait (at most 4 min, with a line
# per change) until the worker has run the demo's benchmarks, scored its shadow evaluations and
# judged every live version, then say where to look. The app serves meanwhile.
step "Preparing the demo story (benchmark runs, shadow scorings, readiness verdicts)"
(cd "$ROOT/apps/worker" && node --import tsx src/seed/wait-cli.ts) || true
cat <<MSG

  Fieldtest is running at http://localhost:$PORT

  Demo sign-ins (team "demo", password: fieldtest-demo)
    member@fieldtest.dev     model owner
    reviewer@fieldtest.dev   reviewer
    admin@fieldtest.dev      admin

  Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
