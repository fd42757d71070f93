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
npx tsx scripts/client-world.ts "$dir/world.json" "$dir/tokens.json"
# --port 0: a free port the system picks, read from the banner (no collision with a port in use).
node --import tsx scripts/serve.ts --port 0 --world "$dir/world.json" --tokens "$dir/tokens.json" > "$dir/serve.log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 150); do
  port=$(sed -n 's|^ims-sharing IMS API on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$dir/serve.log")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
cat "$dir/serve.log"
[ -n "$port" ] || { echo "test:clients: the server did not start" >&2; exit 1; }
"$PY" scripts/clients_scenario.py "$port"
kill -INT "$pid"
wait "$pid"
echo "the server stopped cleanly on SIGINT"
