#!/usr/bin/env bash
# The new-user check of README's wscat walk-through, against a running server in dev mode:
#   src/main/servers/smoke.sh [BASE_URL] [OPS_URL]      (default http://localhost:8000; OPS_URL: where /health and /metrics
#                                              are served, if not at BASE_URL: WildFly's management port 9990)
# Two dev tokens, a conversation over REST, then Bob on /ws/inbox/ and on /ws/chat/{id}/ while Alice sends a
# TEXT frame on /ws/inbox/ with wscat: every socket must receive it. Prints the operations endpoints' status.
# Needs curl and wscat (npm install -g wscat). Exits non-zero when the messaging does not work.
set -u
BASE=${1:-http://localhost:8000}
OPS=${2:-$BASE}
WS=${BASE/http/ws}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v wscat >/dev/null || fail "wscat missing: npm install -g wscat"

token() { curl -sf "$BASE/api/dev/token/?user_id=$1&name=$2" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
ALICE=$(token 1 Alice) && [ -n "$ALICE" ] || fail "no dev token from $BASE/api/dev/token/ (not in dev mode, or not deployed)"
BOB=$(token 2 Bob)
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/me/" -H "Authorization: Bearer $ALICE")" = 200 ] || fail "GET /api/me/"
CONVERSATION=$(curl -sf -X POST "$BASE/api/conversations/" -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' \
    -d '{"participant_ids": [2], "title": "Hello"}') || fail "POST /api/conversations/"
ID=$(echo "$CONVERSATION" | sed 's/.*"id":\([0-9]*\).*/\1/')
echo "REST: conversation $ID created: $CONVERSATION"

CLIENT_ID="smoke-$(date +%s%N)"
# Bob: one socket per endpoint, listening; Alice: sends one message once they are open
(sleep 12) | timeout 18 wscat --no-color -c "$WS/ws/inbox/?token=$BOB" > "$OUT/bob-inbox" 2>&1 &
(sleep 12) | timeout 18 wscat --no-color -c "$WS/ws/chat/$ID/?token=$BOB" > "$OUT/bob-chat" 2>&1 &
sleep 5
(sleep 1; echo "{\"type\": \"TEXT\", \"conversation_id\": $ID, \"message\": \"Hi Bob\", \"client_id\": \"$CLIENT_ID\"}"; sleep 3) \
    | timeout 10 wscat --no-color -c "$WS/ws/inbox/?token=$ALICE" > "$OUT/alice" 2>&1
wait
status=0
for socket in alice bob-inbox bob-chat; do
    if grep -q "\"client_id\":\"$CLIENT_ID\"" "$OUT/$socket"; then
        echo "WebSocket $socket: received the message"
    else
        echo "WebSocket $socket: did NOT receive the message:"; sed 's/^/    /' "$OUT/$socket"; status=1
    fi
done
for path in /health/live /health/ready /metrics; do
    echo "GET $OPS$path: HTTP $(curl -s -o /dev/null -w '%{http_code}' "$OPS$path")"
done
echo "GET $BASE/openapi: HTTP $(curl -s -o /dev/null -w '%{http_code}' "$BASE/openapi")"
[ $status = 0 ] && echo "OK: $BASE sends and receives" || echo "FAIL: $BASE"
exit $status
