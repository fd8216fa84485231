#!/usr/bin/env bash
# The one test command. Installs PostgreSQL and Redis when missing (Debian packages), starts private instances
# on loopback in a scratch directory, exports their connection strings, runs every test in the solution and a
# few-second smoke run of each load-test scenario, then stops the servers.
#
#   ./test.sh                 everything
#   ./test.sh --no-load-tests skip the load-test smoke run
#   TEST_POSTGRES_CONNECTION / TEST_REDIS_CONNECTION set beforehand: use those servers instead of starting any.
set -euo pipefail
cd "$(dirname "$0")"

run_load_tests=1
for arg in "$@"; do
  case "$arg" in
    --no-load-tests) run_load_tests=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

# The first free loopback port from a start point, so a server already running (another checkout, a developer's
# own instance) is never disturbed. The start points lie below Linux's ephemeral range (32768-60999): a port in it
# can be the local end of some outgoing connection at that moment, and the server then cannot bind it.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

PG_PORT="${TEST_PG_PORT:-$(free_port 25432)}"
REDIS_PORT="${TEST_REDIS_PORT:-$(free_port 26379)}"
WORK_DIR="$(mktemp -d /tmp/pd-test-servers.XXXXXX)"
chmod 755 "$WORK_DIR"

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local packages=()
  command -v redis-server >/dev/null || packages+=(redis-server)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || packages+=(postgresql)
  command -v chromium >/dev/null || packages+=(chromium)
  if [ ${#packages[@]} -gt 0 ]; then
    log "installing ${packages[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
}

PG_BIN=""
PG_DATA="$WORK_DIR/pg"
started_pg=0
started_redis=0

# PostgreSQL refuses to run as root: when we are root, the server runs as the 'postgres' user the package creates.
pg_run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  PG_BIN="$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)")"
  mkdir -p "$PG_DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA"
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  pg_run "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >/dev/null
  pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DATA -c max_connections=400" >/dev/null
  started_pg=1
  export TEST_POSTGRES_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
}

start_redis() {
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
    --dir "$WORK_DIR" --pidfile "$WORK_DIR/redis.pid" --logfile "$WORK_DIR/redis.log"
  started_redis=1
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    echo "Redis did not start on 127.0.0.1:$REDIS_PORT:" >&2
    cat "$WORK_DIR/redis.log" >&2 || true
    exit 1
  fi
  export TEST_REDIS_CONNECTION="127.0.0.1:$REDIS_PORT"
}

stop_servers() {
  [ $started_redis -eq 1 ] && redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  [ $started_pg -eq 1 ] && pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK_DIR"
}
trap stop_servers EXIT

install_missing
[ -n "${TEST_POSTGRES_CONNECTION:-}" ] || start_postgres
[ -n "${TEST_REDIS_CONNECTION:-}" ] || start_redis
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

# The failed tests again, name, message and stack only, as the last thing printed: a failing test's block in the run's
# own output is followed by its captured logs, and a CI page that shows only the tail would lose which test it was.
print_failures() {
  local report
  for report in "$RESULTS_DIR"/*.md; do
    [ -e "$report" ] || continue
    awk '/^#### Failed/ { on = 1 } /^#### / && !/^#### Failed/ { on = 0 } on' "$report"
  done
}

log "running the test suite"
RESULTS_DIR="$WORK_DIR/results"
# One test module at a time: run side by side on two cores, the modules (each hosting silos, Edges and a browser)
# starved one another into 30-second stalls now and then.
if ! dotnet test --solution PrivateDomain.Realtime.sln --timeout 15m --max-parallel-test-modules 1 \
    --results-directory "$RESULTS_DIR" --report-xunit-markdown; then
  log "failed tests"
  print_failures
  exit 1
fi

if [ $run_load_tests -eq 1 ] && [ -x load-tests/smoke.sh ]; then
  log "load-test smoke run (a few seconds per scenario; figures are not judged here)"
  ./load-tests/smoke.sh
fi
log "all tests passed"
