# Makes sure PostgreSQL and Redis answer; starts the locally installed one when it is down,
# otherwise stops with the exact command to run.

url_host() { node -e 'const u=new URL(process.argv[1]); process.stdout.write(u.hostname.replace(/^\[|\]$/g,""))' "$1"; }
url_port() { node -e 'const u=new URL(process.argv[1]); process.stdout.write(u.port||process.argv[2])' "$1" "$2"; }
is_local() { case "$1" in 127.*|localhost|::1) return 0 ;; *) return 1 ;; esac; }

ensure_postgres() {
  local host port
  host="$(url_host "$DATABASE_URL")"
  port="$(url_port "$DATABASE_URL" 5432)"
  if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then return 0; fi
  if is_local "$host" && command -v pg_lsclusters >/dev/null 2>&1; then
    # The installed cluster that listens on this port, if any (Debian's postgresql-common).
    local version name
    read -r version name _ < <(pg_lsclusters -h 2>/dev/null | awk -v p="$port" '$3 == p { print $1, $2; exit }')
    if [ -n "${version:-}" ]; then
      echo "• PostgreSQL on $host:$port is down; starting the local cluster ($version $name)"
      pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start || true
      for _ in $(seq 1 30); do
        pg_isready -q -h "$host" -p "$port" 2>/dev/null && return 0
        sleep 1
      done
    fi
  fi
  cat >&2 <<MSG
✗ PostgreSQL does not answer at $host:$port (DATABASE_URL).
  Start it, then run this command again:
    • with Docker:           docker compose up -d postgres
    • Debian/Ubuntu package: sudo pg_ctlcluster <version> main start   (see pg_lsclusters)
  or point DATABASE_URL at a running server.
MSG
  return 1
}

ensure_redis() {
  local host port
  host="$(url_host "$REDIS_URL")"
  port="$(url_port "$REDIS_URL" 6379)"
  if redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1; then return 0; fi
  if is_local "$host" && command -v redis-server >/dev/null 2>&1; then
    echo "• Redis on $host:$port is down; starting the local redis-server"
    mkdir -p "$ROOT/data"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
      --dir "$ROOT/data" --logfile "$ROOT/data/redis.log" >/dev/null || true
    for _ in $(seq 1 30); do
      redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1 && return 0
      sleep 0.5
    done
  fi
  cat >&2 <<MSG
✗ Redis does not answer at $host:$port (REDIS_URL).
  Start it, then run this command again:
    • with Docker:           docker compose up -d redis
    • Debian/Ubuntu package: redis-server --daemonize yes --port $port
  or point REDIS_URL at a running server.
MSG
  return 1
}

install_dependencies() {
  # npm install is a no-op (a few seconds) when node_modules matches the lockfile.
  npm install --no-audit --no-fund --loglevel=error
}
