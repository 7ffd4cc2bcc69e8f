#!/usr/bin/env bash
# npm test: every check, from nothing. Uses its own database, queue prefix, storage and port,
# so a running `npm start` is never disturbed and never steals the tests' jobs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export DATABASE_URL="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/fieldtest_test}"
export FIELDTEST_QUEUE_PREFIX="fieldtest-test"
export PORT="${TEST_PORT:-3100}"
export BETTER_AUTH_URL="http://localhost:$PORT"
export BETTER_AUTH_SECRET="test-secret-not-for-production-0123456789"
export FIELDTEST_AUTH_RATE_LIMIT="off"
# The seed's flight-delay story at full scale (3 M flights) is a background load of minutes: not for tests.
export FIELDTEST_DEMO_FULL_SCALE="off"
export FIELDTEST_STORAGE_DIR="$root/data/test-storage"
# The tests' own build folder, so a running `npm start` keeps serving its own .next.
export FIELDTEST_NEXT_DIST_DIR=".next-test"
# Workers started by the tests pick a free metrics port, so a running `npm start` keeps 9464.
export FIELDTEST_WORKER_METRICS_PORT=0
# The e2e journey serves a model on loopback (a real Open Inference V2 server).
export FIELDTEST_OUTBOUND_ALLOW="127.0.0.1,::1,localhost"
export FIELDTEST_SECRET_KEY="dGVzdC1rZXktbm90LWZvci1wcm9kdWN0aW9uLTAxMjM="
. "$(dirname "$0")/lib/env.sh"
. "$ROOT/scripts/lib/services.sh"
cd "$ROOT"

started=$(date +%s)
step() { printf '\n\033[1m▸ %s\033[0m  (+%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "Installing dependencies"
install_dependencies
if ! [ -x /usr/bin/chromium ]; then
  step "Installing Chromium from apt (Playwright's own browser download cannot work offline)"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi

step "Services"
ensure_postgres
ensure_redis

step "Lint and format (Biome)"
npx biome ci .
step "Import rule between packages"
npm run -s check:imports
step "docker-compose.yml"
compose_config() {
  if docker compose version >/dev/null 2>&1; then docker compose config -q
  else
    if ! command -v docker-compose >/dev/null 2>&1; then
      echo "installing docker-compose from apt (only to validate the compose file; no engine needed)"
      if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq docker-compose >/dev/null || { apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null; }
      else sudo apt-get install -y -qq docker-compose >/dev/null || { sudo apt-get update -qq && sudo apt-get install -y -qq docker-compose >/dev/null; }; fi
    fi
    docker-compose config -q
  fi
}
# Validated without app settings: users run `docker compose up -d` with none.
(unset BETTER_AUTH_SECRET; compose_config) && echo "docker-compose.yml: ok"

step "Prisma client"
npm run -s db:generate >/dev/null
step "Fresh test database and queue keys"
node -e '
  const u = new URL(process.env.DATABASE_URL); const name = u.pathname.slice(1);
  if (!/_test$/.test(name)) { console.error("refusing to reset a database whose name does not end in _test: " + name); process.exit(1); }' 
psql "$(node -e 'const u=new URL(process.env.DATABASE_URL);u.pathname="/postgres";console.log(u.href)')" -qtA \
  -c "DROP DATABASE IF EXISTS \"$(node -e 'console.log(new URL(process.env.DATABASE_URL).pathname.slice(1))')\" WITH (FORCE)" >/dev/null
redis-cli -u "$REDIS_URL" --scan --pattern "$FIELDTEST_QUEUE_PREFIX:*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null
rm -rf "$FIELDTEST_STORAGE_DIR"
npm run -s db:migrate
step "Schema and migrations agree"
npm run -s db:check

step "Typecheck"
npx turbo run typecheck --output-logs=errors-only
step "Unit tests"
npx vitest run
step "Integration tests (real PostgreSQL and Redis)"
npx vitest run --config vitest.int.config.ts

step "Production build of the web app"
npx turbo run build --filter=@fieldtest/web --output-logs=errors-only
step "Demo seed on the test database"
npm run -s db:seed
step "End-to-end journeys (Playwright, /usr/bin/chromium)"
npm run -s test:e2e

step "All checks passed"
