# Defaults for every Fieldtest setting (see .env.example). Sourced by start.sh and test.sh;
# a variable already set in the environment wins.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT

# Optional .env file (KEY=VALUE lines); the process environment wins over it.
if [ -f "$ROOT/.env" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    key="${line%%=*}"
    value="${line#*=}"
    value="${value%\"}"; value="${value#\"}"
    if [[ "$key" =~ ^[A-Z_][A-Z0-9_]*$ ]] && [ -z "${!key:-}" ]; then export "$key=$value"; fi
  done <"$ROOT/.env"
fi

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/fieldtest}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
export FIELDTEST_STORAGE_DIR="${FIELDTEST_STORAGE_DIR:-$ROOT/data/storage}"
export FIELDTEST_QUEUE_PREFIX="${FIELDTEST_QUEUE_PREFIX:-fieldtest}"
export BETTER_AUTH_URL="${BETTER_AUTH_URL:-http://localhost:$PORT}"
export FIELDTEST_CODE_VERSION="${FIELDTEST_CODE_VERSION:-$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo dev)}"
# Prisma 7 generate works offline when this points at any existing file (TOOLCHAIN.md).
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-package.json}"
export NEXT_TELEMETRY_DISABLED=1
export TURBO_TELEMETRY_DISABLED=1

# A session secret that survives restarts: generated once, kept out of git in data/.
if [ -z "${BETTER_AUTH_SECRET:-}" ]; then
  mkdir -p "$ROOT/data"
  if [ ! -s "$ROOT/data/auth-secret" ]; then
    node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64url"))' >"$ROOT/data/auth-secret"
    chmod 600 "$ROOT/data/auth-secret"
  fi
  BETTER_AUTH_SECRET="$(cat "$ROOT/data/auth-secret")"
  export BETTER_AUTH_SECRET
fi

# The key that encrypts endpoint secrets at rest (AES-256-GCM; base64 of 32 bytes): generated once,
# kept out of git in data/. Losing it makes stored endpoint secrets unreadable (re-enter them).
if [ -z "${FIELDTEST_SECRET_KEY:-}" ]; then
  mkdir -p "$ROOT/data"
  if [ ! -s "$ROOT/data/secret-key" ]; then
    node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64"))' >"$ROOT/data/secret-key"
    chmod 600 "$ROOT/data/secret-key"
  fi
  FIELDTEST_SECRET_KEY="$(cat "$ROOT/data/secret-key")"
  export FIELDTEST_SECRET_KEY
fi
