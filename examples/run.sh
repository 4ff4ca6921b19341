#!/usr/bin/env bash
# `make run`: run the otelcol-auth0 distribution (built by `make distro`) and print every Auth0
# event on the console.
#   - With AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET set: against that tenant
#     (examples/tenant.yaml), starting one hour back on the first run.
#   - Without them: against the Auth0 simulator (cmd/auth0sim), a local fake tenant with a day of
#     backlog and a live event rate, which is stopped when the collector exits.
# Either way the checkpoint is kept under .cache/storage, so running it again resumes.
set -euo pipefail
cd "$(dirname "$0")/.."

collector=./dist/otelcol-auth0
if [[ ! -x $collector ]]; then
	echo "run: $collector is missing; build it with 'make distro'" >&2
	exit 1
fi

if [[ -n ${AUTH0_DOMAIN:-} || -n ${AUTH0_CLIENT_ID:-} || -n ${AUTH0_CLIENT_SECRET:-} ]]; then
	if [[ -z ${AUTH0_DOMAIN:-} || -z ${AUTH0_CLIENT_ID:-} || -z ${AUTH0_CLIENT_SECRET:-} ]]; then
		echo "run: set all of AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET for a tenant, or none for the simulator" >&2
		exit 2
	fi
	if [[ -z ${AUTH0_START_AT:-} ]]; then
		# GNU date, then BSD date (macOS).
		AUTH0_START_AT=$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v-1H +%Y-%m-%dT%H:%M:%SZ)
		export AUTH0_START_AT
	fi
	echo "run: pulling the logs of Auth0 tenant $AUTH0_DOMAIN (first run from $AUTH0_START_AT; later runs resume from the checkpoint in .cache/storage/tenant)"
	exec "$collector" --config examples/tenant.yaml
fi

export AUTH0_SIM_ADDR=${AUTH0_SIM_ADDR:-127.0.0.1:8089}
mkdir -p bin .cache
go build -o bin/auth0sim ./cmd/auth0sim
simlog=.cache/auth0sim.log
bin/auth0sim --addr "$AUTH0_SIM_ADDR" --backlog "${AUTH0_SIM_BACKLOG:-500}" --rate "${AUTH0_SIM_RATE:-2}" >"$simlog" 2>&1 &
sim=$!
stop_sim() {
	kill "$sim" 2>/dev/null || true
	wait "$sim" 2>/dev/null || true
}
trap stop_sim EXIT

# The simulator prints its banner once it listens.
for _ in $(seq 100); do
	grep -q listening "$simlog" && break
	if ! kill -0 "$sim" 2>/dev/null; then
		echo "run: the simulator did not start:" >&2
		cat "$simlog" >&2
		exit 1
	fi
	sleep 0.1
done
echo "run: no Auth0 tenant configured (AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET): using the Auth0 simulator on http://$AUTH0_SIM_ADDR (log: $simlog)"
echo "run: events appear below; stop with Ctrl-C. Collector metrics: http://localhost:${OTELCOL_METRICS_PORT:-8888}/metrics"
# Not exec: the EXIT trap must stop the simulator once the collector is gone.
"$collector" --config examples/simulator.yaml
