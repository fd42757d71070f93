#!/usr/bin/env bash
# H6: `npm run test:clients`: serves a world of its own with `npm run serve`, drives it with the
# real OpenStack clients (glance, openstacksdk; Debian's python3-glanceclient and
# python3-openstacksdk), then stops the server with SIGINT and checks that it exits cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
command -v glance >/dev/null || { echo "test:clients: glance not found (apt-get install -y python3-glanceclient)" >&2; exit 1; }
"$PY" -c 'import openstack' || { echo "test:clients: openstacksdk not found (apt-get install -y python3-openstacksdk)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
npx tsx scripts/client-world.ts "$dir/world.json" "$dir/tokens.json"
node --import tsx scripts/serve.ts --port "$port" --world "$dir/world.json" --tokens "$dir/tokens.json" > "$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/versions', timeout=1)" 2>/dev/null; then break; fi
  sleep 0.2
done
cat "$dir/serve.log"
"$PY" scripts/clients_scenario.py "$port"
kill -INT "$pid"
wait "$pid"
echo "the server stopped cleanly on SIGINT"
