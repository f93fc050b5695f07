#!/usr/bin/env bash
# Same-time A/B of gateway builds on time to first token, one send at a time (how: bench/results/
# 2026-12-02-start-function.md). Every build runs at once on one PostgreSQL (a database each) and one mock n8n;
# each gets its own account, agent and chats, the same warm-up, then rounds of sends alternating between the
# builds. Prints the medians over the rounds of each round's p50/p90/p99, per build.
#
#   bench/run.sh --serve --no-gateway &        # PostgreSQL on PG_PORT, the mock on MOCK_PORT (defaults 18084, 18081)
#   bench/ab/ab.sh [--rounds=16] [--sends=300] [--warmup=5000] NAME=JAR[@APP_DIR] NAME=JAR[@APP_DIR] ...
#
# APP_DIR: the directory holding that build's config/ and routes/ (default: this checkout), e.g. a git worktree
# of an older commit. Start all builds together: a gateway that has run longer has had more JIT compilation.
# AB_OPTS_<NAME>: extra JVM options for that variant, e.g. AB_OPTS_poller1=-Djdk.pollerMode=1 (one jar, two names).
# JAVA: the java that runs the gateways (default: the newest JDK under /usr/lib/jvm, as bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
ROUNDS=16 SENDS=300 WARMUP=5000 CHATS=300
VARIANTS=()
for arg in "$@"; do
    case "$arg" in
        --rounds=*) ROUNDS=${arg#*=} ;;
        --sends=*) SENDS=${arg#*=} ;;
        --warmup=*) WARMUP=${arg#*=} ;;
        --*) echo "unknown option $arg" >&2; exit 2 ;;
        *=*) VARIANTS+=("$arg") ;;
        *) echo "expected NAME=JAR[@APP_DIR]: $arg" >&2; exit 2 ;;
    esac
done
[ ${#VARIANTS[@]} -ge 1 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
PG_PORT=${PG_PORT:-18084}
MOCK_PORT=${MOCK_PORT:-18081}
. bench/newest-jdk.sh
JDK_HOME=$(newest_jdk)
JAVA=${JAVA:-${JDK_HOME:+$JDK_HOME/bin/}java}
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt)
WORK=$(mktemp -d /tmp/chat-gateway-ab.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
log() { echo "[ab.sh $(date +%T)] $*" >&2; }

NAMES=() PORTS=() DBS=()
i=0
for variant in "${VARIANTS[@]}"; do
    name=${variant%%=*} spec=${variant#*=}
    jar=$(realpath "${spec%%@*}") app=$ROOT
    [ "$spec" != "${spec%%@*}" ] && app=$(realpath "${spec#*@}")
    port=$((18200 + i)) management=$((18300 + i)) db="ab_$name"
    opts_var="AB_OPTS_$name"
    read -r -a opts <<<"${!opts_var:-}"
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    (cd "$app" && exec env PORT=$port MANAGEMENT_PORT=$management ENVIRONMENT=production \
        DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/$db" \
        JWT_SECRET_KEY="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" REGISTRATION_MODE=open \
        LOGIN_RATE_LIMIT_PER_MINUTE=1000000 REGISTRATION_RATE_LIMIT_PER_MINUTE=1000000 \
        AGENT_WEBHOOK_ALLOWED_HOSTS=127.0.0.1 \
        "$JAVA" -Xmx600m -XX:+ExitOnOutOfMemoryError "${opts[@]}" -jar "$jar") \
        >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    NAMES+=("$name") PORTS+=("$port") DBS+=("$db")
    i=$((i + 1))
done
for i in "${!NAMES[@]}"; do
    for _ in $(seq 240); do
        curl -sf "http://127.0.0.1:$((18300 + i))/actuator/health/readiness" >/dev/null && break
        kill -0 "${PIDS[$i]}" 2>/dev/null || { log "${NAMES[$i]} died:"; tail -20 "$WORK/${NAMES[$i]}.log" >&2; exit 1; }
        sleep 0.5
    done
    base="http://127.0.0.1:${PORTS[$i]}"
    curl -sf -H 'Content-Type: application/json' -d '{"email":"ab@bench.io","password":"Password-123456","name":"AB","team_name":"AB"}' \
        "$base/api/auth/register" >/dev/null
    curl -sf -c "$WORK/${NAMES[$i]}.jar" -H 'Content-Type: application/json' \
        -d '{"email":"ab@bench.io","password":"Password-123456"}' "$base/api/auth/login" >/dev/null
    awk -F'\t' 'NF >= 7 {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}' "$WORK/${NAMES[$i]}.jar" >"$WORK/${NAMES[$i]}.cookie"
    agent=$(curl -sf -b "$WORK/${NAMES[$i]}.jar" -H 'Content-Type: application/json' \
        -d "{\"name\":\"ab\",\"webhook_url\":\"http://127.0.0.1:$MOCK_PORT/webhook/ndjson/3/1/0\"}" "$base/api/agents" \
        | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
    for _ in $(seq "$CHATS"); do
        curl -sf -b "$WORK/${NAMES[$i]}.jar" -H 'Content-Type: application/json' -d "{\"agent_id\":\"$agent\"}" \
            "$base/api/chats" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4
    done >"$WORK/${NAMES[$i]}.chats"
    log "${NAMES[$i]} ready on :${PORTS[$i]} ($(wc -l <"$WORK/${NAMES[$i]}.chats") chats)"
done

probe() { # index sends first-chat
    "$JAVA" "$ROOT/bench/ab/SendProbe.java" "${PORTS[$1]}" "$(cat "$WORK/${NAMES[$1]}.cookie")" \
        "$WORK/${NAMES[$1]}.chats" "$2" "$3"
}
log "warm-up: $WARMUP sends each, interleaved"
for r in 1 2 3 4 5; do
    for i in "${!NAMES[@]}"; do probe "$i" $((WARMUP / 5)) $((r * WARMUP / 5)) >/dev/null; done
done
# the chats start the rounds empty, so that every build's histories grow alike
for db in "${DBS[@]}"; do
    "${PSQL[@]}" -d "$db" -c "UPDATE chats SET messages = '[]', message_count = 0" -c "VACUUM ANALYZE chats"
done
log "$ROUNDS rounds of $SENDS sends each"
for r in $(seq "$ROUNDS"); do
    for i in "${!NAMES[@]}"; do
        echo "${NAMES[$i]} $(probe "$i" "$SENDS" $((r * SENDS)))" >>"$WORK/rounds.txt"
    done
done
printf '%-12s %s\n' build "medians of $ROUNDS rounds (ms): first token p50 / p90 / p99, first byte p50"
for name in "${NAMES[@]}"; do
    median() { grep "^$name " "$WORK/rounds.txt" | grep -o "$1=[0-9.]*" | cut -d= -f2 | sort -g \
        | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
    printf '%-12s %s / %s / %s, %s\n' "$name" "$(median firsttoken_p50)" "$(median firsttoken_p90)" \
        "$(median firsttoken_p99)" "$(median firstbyte_p50)"
done
log "rounds and logs: $WORK"
