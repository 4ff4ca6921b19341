#!/usr/bin/env bash
# Takes the README's picture of `make demo`: VictoriaLogs' web UI holding the records, captured
# with headless Chromium (Debian: apt-get install chromium) into docs/img/demo-victorialogs.png.
# Uses the VictoriaLogs of a running `make demo` at VICTORIALOGS_URL (default
# http://127.0.0.1:9428); without one it starts `make demo` for the capture and stops it after.
# Run by hand from anywhere in the repository; not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-docs/img/demo-victorialogs.png}
url=${VICTORIALOGS_URL:-http://127.0.0.1:9428}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
	echo "screenshot: Chromium is missing (Debian: apt-get install chromium)" >&2
	exit 1
fi

demo=""
if ! curl -fsS "$url/health" >/dev/null 2>&1; then
	addr=${url#http://}
	log=$(mktemp)
	echo "screenshot: no VictoriaLogs at $url: starting make demo (output in $log)"
	# Its own session, so that stopping it reaches every process it started.
	VICTORIALOGS_ADDR=$addr setsid make demo >"$log" 2>&1 &
	demo=$!
	trap 'kill -INT -- -"$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true' EXIT
	for _ in $(seq 1800); do
		grep -q 'stop with Ctrl-C' "$log" && break
		if ! kill -0 "$demo" 2>/dev/null; then
			cat "$log" >&2
			exit 1
		fi
		sleep 0.1
	done
	# A few seconds of the live rate on top of the backlog.
	sleep 10
fi

# The last 24 hours of records, each row with its message line (the event name), description,
# user and address. The UI is a script: Chromium's virtual time lets it fetch and render first.
view="$url/select/vmui/#/?query=*&g0.range_input=24h&g0.relative_time=last_24_hours"
view+="&displayFields=_msg,description,user.name,client.address"
profile=$(mktemp -d)
mkdir -p "$(dirname "$out")"
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$profile" --hide-scrollbars --window-size=1400,900 \
	--virtual-time-budget=10000 --screenshot="$out" "$view" 2>/dev/null
rm -rf "$profile"
echo "screenshot: $out"
