#!/usr/bin/env bash
# `make demo`: the Auth0 simulator (a backlog and a live rate of every event code), VictoriaLogs
# and otelcol-auth0 (examples/victorialogs.yaml) together, so the records can be looked at in
# VictoriaLogs' web UI. Ctrl-C stops all three. A second run resumes: the collector from its
# checkpoint, VictoriaLogs on its data, both under DEMO_STATE_DIR; delete it to start over.
#   VICTORIALOGS_BIN   the victoria-logs binary (make demo installs v1.52.2 into GOBIN)
#   VICTORIALOGS_ADDR  where VictoriaLogs listens (default 127.0.0.1:9428)
#   DEMO_STATE_DIR     data, checkpoint and logs (default .cache/demo)
#   AUTH0_SIM_ADDR, AUTH0_SIM_BACKLOG (2000), AUTH0_SIM_RATE (5 events/s), OTELCOL_METRICS_PORT,
#   OTELCOL_HEALTH_ENDPOINT as for make run
set -euo pipefail
cd "$(dirname "$0")/.."

collector=./dist/otelcol-auth0
vlogs=${VICTORIALOGS_BIN:-victoria-logs}
for tool in "$collector" "$vlogs" curl; do
	if ! command -v "$tool" >/dev/null; then
		echo "demo: $tool is missing; run 'make demo', which builds and installs what it needs" >&2
		exit 1
	fi
done

export AUTH0_SIM_ADDR=${AUTH0_SIM_ADDR:-127.0.0.1:8089}
vl_addr=${VICTORIALOGS_ADDR:-127.0.0.1:9428}
export VICTORIALOGS_URL=http://$vl_addr
state=${DEMO_STATE_DIR:-.cache/demo}
export AUTH0_STORAGE_DIR=$state/storage
mkdir -p bin "$state"
go build -o bin/auth0sim ./cmd/auth0sim

# Each process in its own process group, so that Ctrl-C reaches only this script, which then
# stops each of them once (VictoriaLogs takes a second signal as "exit now, skip the flush"):
# the collector first, so that its last export reaches VictoriaLogs.
set -m
pids=()
collector_pid=""
stop_all() {
	trap - EXIT
	if [[ -n $collector_pid ]]; then
		kill "$collector_pid" 2>/dev/null || true
		wait "$collector_pid" 2>/dev/null || true
	fi
	kill "${pids[@]}" 2>/dev/null || true
	wait "${pids[@]}" 2>/dev/null || true
	echo "demo: stopped the collector, the simulator and VictoriaLogs; run 'make demo' again to resume"
}
trap stop_all EXIT
trap 'exit 0' INT TERM

"$vlogs" -httpListenAddr="$vl_addr" -storageDataPath="$state/victorialogs" -loggerLevel=WARN \
	>"$state/victorialogs.log" 2>&1 &
pids+=($!)
bin/auth0sim --addr "$AUTH0_SIM_ADDR" --backlog "${AUTH0_SIM_BACKLOG:-2000}" --rate "${AUTH0_SIM_RATE:-5}" \
	>"$state/auth0sim.log" 2>&1 &
pids+=($!)

# query LOGSQL: VictoriaLogs' answer, one JSON object per line.
query() { curl -fsS "$VICTORIALOGS_URL/select/logsql/query" --data-urlencode "query=$1"; }

# wait_for WHAT CMD...: retry CMD for 30 s while every process still runs.
wait_for() {
	local what=$1
	shift
	for _ in $(seq 300); do
		"$@" >/dev/null 2>&1 && return 0
		for p in "${pids[@]}" $collector_pid; do
			if ! kill -0 "$p" 2>/dev/null; then
				echo "demo: a process exited while waiting for $what; see $state/*.log" >&2
				tail -n 20 "$state"/*.log >&2
				exit 1
			fi
		done
		sleep 0.1
	done
	echo "demo: timed out waiting for $what; see $state/*.log" >&2
	exit 1
}
wait_for "VictoriaLogs on $vl_addr" curl -fsS "$VICTORIALOGS_URL/health"
wait_for "the simulator on $AUTH0_SIM_ADDR" grep -q listening "$state/auth0sim.log"

"$collector" --config examples/victorialogs.yaml >"$state/otelcol.log" 2>&1 &
collector_pid=$!
has_records() { [[ $(query '* | count() as n') != *'"n":"0"'* ]]; }
wait_for "the first records in VictoriaLogs" has_records

# urlencode TEXT: percent-encodes everything but unreserved characters.
urlencode() {
	local s=$1 out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[a-zA-Z0-9.~_-]) out+=$c ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}
ui=$VICTORIALOGS_URL/select/vmui/
# link LOGSQL RANGE: the web UI with the query run over the last RANGE (e.g. 1h, 24h).
link() {
	local id
	case $2 in
	15m) id=last_15_minutes ;;
	1h) id=last_1_hour ;;
	*) id=last_24_hours ;;
	esac
	printf '%s#/?query=%s&g0.range_input=%s&g0.relative_time=%s' "$ui" "$(urlencode "$1")" "$2" "$id"
}

# The user with the most failures, for the trail query.
user=$(query '"auth0.event.outcome":=failure "user.name":* | top 1 ("user.name")' | sed -n 's/.*"user.name":"\([^"]*\)".*/\1/p')
failed='auth0.event.category:="auth-login-fail" | stats by (auth0.connection.name) count() as failures | sort by (failures desc)'
errors='_time:15m severity_text:=ERROR'
trail="user.name:=\"$user\" | sort by (_time) | fields _time, _msg, description, client.address, auth0.client.name"

cat <<EOF

demo: VictoriaLogs' web UI: $ui
demo: the simulator (http://$AUTH0_SIM_ADDR, a fake tenant) -> otelcol-auth0 -> VictoriaLogs ($VICTORIALOGS_URL)
demo: three ready queries (paste one into the UI's query box, or open its link):

  Failed logins by connection:
    $failed
    $(link "$failed" 24h)

  Errors of the last 15 minutes:
    $errors
    $(link "$errors" 15m)

  One user's trail ($user):
    $trail
    $(link "$trail" 24h)

  From a shell: curl $VICTORIALOGS_URL/select/logsql/query -d 'query=_time:5m | stats by (severity_text) count()'

demo: logs in $state/otelcol.log, auth0sim.log and victorialogs.log
demo: stop with Ctrl-C
EOF
wait "$collector_pid"
