#!/usr/bin/env bash
# Starts Redis, two silos (one with the inference role), the web tier and a synthetic clickstream as separate
# processes on loopback. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install -y redis-server)"; exit 1; }

dotnet build -c Release Interest.sln >/dev/null
bin_silo=src/Silo/bin/Release/net10.0/Interest.Silo.dll
bin_web=src/Client/WebHost/bin/Release/net10.0/Interest.WebHost.dll
bin_tools=src/Client/Tools/bin/Release/net10.0/Interest.Tools.dll
redis_port=6390
redis="127.0.0.1:${redis_port}"
bootstrap_file="$(mktemp -d)/kafka-bootstrap"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM

redis-server --port "$redis_port" --save "" --appendonly no >/dev/null & pids+=($!)
dotnet "$bin_silo" --Silo:Roles ingest,inference --Redis:ConnectionString "$redis" --Kafka:Embedded true --Kafka:BootstrapFile "$bootstrap_file" \
  --Silo:AdvertisedAddress 127.0.0.1 --Silo:SiloPort 11111 --Silo:GatewayPort 30000 --Urls http://localhost:5081 & pids+=($!)
for _ in $(seq 1 120); do [ -s "$bootstrap_file" ] && break; sleep 0.5; done
bootstrap=$(cat "$bootstrap_file")
echo "embedded Kafka at $bootstrap"
dotnet "$bin_silo" --Silo:Roles ingest --Redis:ConnectionString "$redis" --Kafka:BootstrapServers "$bootstrap" \
  --Silo:AdvertisedAddress 127.0.0.1 --Silo:SiloPort 11112 --Silo:GatewayPort 30001 --Urls http://localhost:5082 & pids+=($!)
api_key="${INTEREST_API_KEY:-local-dev-key}"
dotnet "$bin_web" --Redis:ConnectionString "$redis" --Kafka:BootstrapServers "$bootstrap" --Web:ApiKeys:0 "$api_key" \
  --Urls http://localhost:5080 & pids+=($!)
sleep 5
dotnet "$bin_tools" produce synthetic --bootstrap "$bootstrap" --rate 200 --users 500 & pids+=($!)
echo "web tier: curl -H 'X-Api-Key: $api_key' http://localhost:5080/users/user-1/recommendations"
echo "dashboards: http://localhost:5081/dashboard http://localhost:5082/dashboard"
wait
