#!/usr/bin/env bash
# A walk-through of the Chat Gateway API with curl: log in, list agents, create an agent, create a chat, send a
# message and watch the answer stream in as Server-Sent Events. Works against any running gateway.
#
#   scripts/try-streaming.sh [BASE_URL]            default http://localhost:8000
#
# Environment (all optional):
#   EMAIL, PASSWORD   who logs in (default: the development demo admin admin@chatgateway.local)
#   WEBHOOK_URL       the new agent's n8n webhook (default: the gateway's built-in demo agent, development only;
#                     with docker compose try http://n8n:5678/webhook/chat-gateway-agent)
#   AGENT_ID          use this agent instead of creating one
#   MESSAGE           what to send
#   NON_INTERACTIVE=1 do not pause between steps
set -euo pipefail

BASE_URL=${1:-${BASE_URL:-http://localhost:8000}}
BASE_URL=${BASE_URL%/}
EMAIL=${EMAIL:-admin@chatgateway.local}
PASSWORD=${PASSWORD:-demo-admin-password}
WEBHOOK_URL=${WEBHOOK_URL:-$BASE_URL/demo/n8n/webhook}
AGENT_ID=${AGENT_ID:-}
MESSAGE=${MESSAGE:-Hello! Please tell me, word by word, what streaming looks like.}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }
say() { printf '    %s\n' "$*"; }
fail() {
    printf '\n\033[31mFAILED:\033[0m %s\n' "$*" >&2
    if [ -s "$work/body" ]; then
        printf '    Response: %s\n' "$(head -c 2000 "$work/body")" >&2
    fi
    exit 1
}
pause() {
    if [ -z "${NON_INTERACTIVE:-}" ] && [ -t 0 ]; then
        read -r -p "    Press Enter to continue... " _
    fi
}

# JSON without a dependency on jq: python3 or jq, whichever is there
if command -v jq > /dev/null; then
    json_get() { jq -r "$1 // empty" "$2"; }
    json_object() {
        local args=()
        while [ $# -ge 2 ]; do args+=(--arg "$1" "$2"); shift 2; done
        jq -cn '$ARGS.named' "${args[@]}"
    }
    agents_table() { jq -r '(if type == "array" then . else (.items // .agents // []) end)[] | "    \(.id)  \(.name)  active=\(.is_active)"' "$1"; }
elif command -v python3 > /dev/null; then
    json_get() {
        python3 -c 'import json,sys
data = json.load(open(sys.argv[2]))
for key in sys.argv[1].lstrip(".").split("."):
    data = data.get(key) if isinstance(data, dict) else None
print("" if data is None else data)' "$1" "$2"
    }
    json_object() {
        python3 -c 'import json,sys; a = sys.argv[1:]; print(json.dumps(dict(zip(a[0::2], a[1::2]))))' "$@"
    }
    agents_table() {
        python3 -c 'import json,sys
data = json.load(open(sys.argv[1]))
items = data if isinstance(data, list) else data.get("items") or data.get("agents") or []
for a in items: print("    %s  %s  active=%s" % (a.get("id"), a.get("name"), a.get("is_active")))' "$1"
    }
else
    fail "this script needs jq or python3 to read JSON"
fi
command -v curl > /dev/null || fail "this script needs curl"

# call METHOD PATH [JSON]: the status code on stdout, the body in $work/body
call() {
    local method=$1 path=$2 body=${3:-}
    local args=(-sS -X "$method" -o "$work/body" -w '%{http_code}' -D "$work/headers")
    if [ -n "${token:-}" ]; then
        args+=(-H "Cookie: access_token=$token")
    fi
    if [ -n "$body" ]; then
        args+=(-H 'Content-Type: application/json' --data-binary "$body")
    fi
    curl "${args[@]}" "$BASE_URL$path" || fail "could not reach $BASE_URL$path (is the gateway running?)"
}

bold "Chat Gateway streaming walk-through against $BASE_URL"

bold "1/6  Log in as $EMAIL"
say "curl -c cookies -H 'Content-Type: application/json' -d '{\"email\":\"$EMAIL\",\"password\":\"***\"}' $BASE_URL/api/auth/login"
status=$(call POST /api/auth/login "$(json_object email "$EMAIL" password "$PASSWORD")")
[ "$status" = 200 ] || fail "login answered HTTP $status (set EMAIL and PASSWORD for this gateway)"
# the session is an httpOnly cookie; sending it as a header also works over plain http in production mode
token=$(sed -n 's/^[Ss]et-[Cc]ookie: access_token=\([^;]*\).*/\1/p' "$work/headers" | tr -d '\r' | head -n 1)
[ -n "$token" ] || fail "login succeeded but set no access_token cookie"
say "Logged in (role: $(json_get .role "$work/body"), team: $(json_get .team.name "$work/body"))"
pause

bold "2/6  List the team's agents"
say "curl -b cookies $BASE_URL/api/agents"
status=$(call GET /api/agents)
[ "$status" = 200 ] || fail "listing agents answered HTTP $status"
cp "$work/body" "$work/agents"
agents_table "$work/agents" || true
pause

bold "3/6  Create an agent calling $WEBHOOK_URL"
if [ -n "$AGENT_ID" ]; then
    say "Skipped: using AGENT_ID=$AGENT_ID"
else
    say "curl -b cookies -H 'Content-Type: application/json' -d '{\"name\":...,\"webhook_url\":\"$WEBHOOK_URL\"}' $BASE_URL/api/agents"
    status=$(call POST /api/agents "$(json_object name "Streaming walk-through $(date +%H:%M:%S)" \
        description "Created by scripts/try-streaming.sh" webhook_url "$WEBHOOK_URL")")
    case "$status" in
        200|201) AGENT_ID=$(json_get .id "$work/body") ;;
        403) fail "only team admins can create agents: log in as an admin, or set AGENT_ID to an agent listed above" ;;
        *) fail "creating the agent answered HTTP $status" ;;
    esac
    say "Created agent $AGENT_ID"
fi
pause

bold "4/6  Create a chat with that agent"
say "curl -b cookies -H 'Content-Type: application/json' -d '{\"agent_id\":\"$AGENT_ID\"}' $BASE_URL/api/chats"
status=$(call POST /api/chats "$(json_object agent_id "$AGENT_ID")")
case "$status" in
    200|201) chat_id=$(json_get .id "$work/body") ;;
    *) fail "creating the chat answered HTTP $status" ;;
esac
[ -n "$chat_id" ] || fail "the new chat has no id"
say "Created chat $chat_id"
pause

bold "5/6  Send a message and watch the answer stream in (SSE, printed as it arrives)"
say "curl -N -b cookies -H 'Content-Type: application/json' -d '{\"content\":\"$MESSAGE\"}' $BASE_URL/api/chats/$chat_id/messages"
echo
set +e
curl -sS -N --fail-with-body -H "Cookie: access_token=$token" -H 'Content-Type: application/json' \
    --data-binary "$(json_object content "$MESSAGE")" "$BASE_URL/api/chats/$chat_id/messages" | tee "$work/stream"
curl_status=${PIPESTATUS[0]}
set -e
echo
[ "$curl_status" = 0 ] || fail "sending the message failed (curl exit code $curl_status; the body above says why)"
if grep -q '"type":"error"' "$work/stream"; then
    fail "the stream ended with an error event (see above): check the agent's webhook"
fi
grep -q '"type":"done"' "$work/stream" || fail "the stream ended without a done event"
say "Stream complete."
pause

bold "6/6  Read the chat back: the answer is stored"
say "curl -b cookies $BASE_URL/api/chats/$chat_id"
status=$(call GET "/api/chats/$chat_id")
[ "$status" = 200 ] || fail "reading the chat answered HTTP $status"
if command -v jq > /dev/null; then
    jq -r '.messages[] | "    [\(.role)\(if .status then ", " + .status else "" end)] \(.content)"' "$work/body"
else
    python3 -c 'import json,sys
for m in json.load(open(sys.argv[1]))["messages"]:
    print("    [%s%s] %s" % (m["role"], ", " + m["status"] if m.get("status") else "", m["content"]))' "$work/body"
fi
bold "Done. Open $BASE_URL/docs for the whole API."
