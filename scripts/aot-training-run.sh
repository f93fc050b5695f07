#!/usr/bin/env bash
# The training run that makes the JVM's AOT cache (JEP 483/514/515, Java 25+): starts the gateway fully in
# development mode (the built-in demo agent and admin) on the database TRAINING_DATABASE_URL, else DATABASE_URL,
# else the embedded PostgreSQL with throw-away data (only a jar built with -Pembedded-database, or the classes
# run from the source tree, carry it: the packaged jar does not), logs in as the demo admin, runs
# 200 sends to the built-in demo agent with chat reads between them (TRAINING_ROUNDS × 5), then stops it; on
# exit the JVM writes the classes it loaded and linked, and its method profiles, to CACHE. Start the service
# with `-XX:AOTCache=CACHE` and the same class path (the extracted jar, see README).
# Used by the Dockerfile and bench/run.sh. Run it from the directory holding config/ and routes/.
#
#   scripts/aot-training-run.sh CACHE JAVA_ARGUMENTS...     e.g. app.aot -jar app.jar
#
# Environment: JAVA (default java), PORT (default 8000), MANAGEMENT_PORT (readiness is polled there when set),
# TRAINING_ROUNDS (default 40), TRAINING_DATABASE_URL / DATABASE_URL (a throw-away database is best: the run
# creates the demo team, its admin and 40 chats there).
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
CACHE=$1
shift
PORT=${PORT:-8000}
PROBE_PORT=${MANAGEMENT_PORT:-$PORT}

http() { # METHOD PORT PATH [BODY [COOKIE]]: prints the response (no curl in the JRE image)
    local body=${4:-}
    exec 3<>"/dev/tcp/127.0.0.1/$2" || return 1
    printf '%s %s HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n%s' \
        "$1" "$3" "${#body}" "${5:+Cookie: $5$'\r\n'}" "$body" >&3
    cat <&3
    exec 3<&-
}
status() { head -1 | cut -d' ' -f2; }

env -u JWT_SECRET_KEY DATABASE_URL="${TRAINING_DATABASE_URL:-${DATABASE_URL:-}}" ENVIRONMENT=development \
    EMBEDDED_DATABASE_DIR= DEMO_AGENT_WORD_DELAY=0ms \
    "${JAVA:-java}" -XX:AOTCacheOutput="$CACHE" "$@" &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT

until [ "$(http GET "$PROBE_PORT" /actuator/health/readiness 2>/dev/null | status)" = 200 ]; do
    kill -0 "$PID" 2>/dev/null || { echo "the training run ended before it was ready" >&2; exit 1; }
    sleep 0.5
done
http POST "$PORT" /api/auth/login '{"email":"nobody@example.com","password":"wrong-password"}' >/dev/null
COOKIE=$(http POST "$PORT" /api/auth/login '{"email":"admin@chatgateway.local","password":"demo-admin-password"}' \
    | grep -o -m1 'access_token=[^;]*' || true)
http GET "$PORT" /api/auth/me '' "$COOKIE" >/dev/null
http GET "$PORT" /api/agents '' "$COOKIE" >/dev/null
http GET "$PORT" /api/chats '' "$COOKIE" >/dev/null
# a short workload through the hot paths (relay to the built-in demo agent, chat reads), so that the cache's
# method profiles cover them and a new replica reaches full speed sooner
AGENT=$(http GET "$PORT" /api/agents '' "$COOKIE" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
for _ in $(seq 1 "${TRAINING_ROUNDS:-40}"); do
    CHAT=$(http POST "$PORT" /api/chats "{\"agent_id\":\"$AGENT\"}" "$COOKIE" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
    for _ in 1 2 3 4 5; do
        # a training run that no longer streams would silently train the cache on error paths only
        ANSWER=$(http POST "$PORT" "/api/chats/$CHAT/messages" '{"content":"training run"}' "$COOKIE")
        grep -q '"type":"done"' <<<"$ANSWER" || { echo "a training send did not stream to its end" >&2; exit 1; }
        http GET "$PORT" /api/chats '' "$COOKIE" >/dev/null
        http GET "$PORT" "/api/chats/$CHAT" '' "$COOKIE" >/dev/null
        http GET "$PORT" /api/auth/me '' "$COOKIE" >/dev/null
    done
done

kill "$PID"
wait "$PID" || true
trap - EXIT
[ -s "$CACHE" ] || { echo "no AOT cache was written to $CACHE" >&2; exit 1; }
