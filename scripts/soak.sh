#!/usr/bin/env bash
# Soak: one silo (every role) on Redis, the embedded broker, a synthetic clickstream over many users at a steady rate
# for a fixed time. Idle user grains are collected after Orleans:GrainCollection:CollectionAge (2 min here), so memory
# should level off after warm-up while every event stays applied (state in Redis). Samples every 15 s: resident
# memory, events delivered, consumer lag, events lost to retention, error lines in the silo log.
#   scripts/soak.sh [events-per-second=1000] [seconds=600] [users=50000]
# Writes docs/soak/samples.csv and docs/soak/summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-1000}; duration=${2:-600}; users=${3:-50000}
command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install -y redis-server)"; exit 1; }
dotnet build -c Release Interest.sln -v quiet -nologo >/dev/null

work=$(mktemp -d); out=docs/soak; mkdir -p "$out"
redis_port=6391; web=http://127.0.0.1:5091
model=(); [ -f models/games.model ] && model=(--Inference:ModelPath models/games.model)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM

redis-server --port $redis_port --dir "$work" --save "" --appendonly yes >/dev/null & pids+=($!)
dotnet src/Silo/bin/Release/net10.0/Interest.Silo.dll --Silo:Roles ingest,inference --Redis:ConnectionString 127.0.0.1:$redis_port \
  --Orleans:ClusterId soak --Orleans:ServiceId soak --Silo:SiloPort 11191 --Silo:GatewayPort 30091 --Urls $web \
  --Kafka:BootstrapFile "$work/bootstrap" --Diagnostics:Enabled true --Orleans:GrainCollection:CollectionAge 00:02:00 \
  --Orleans:GrainCollection:CollectionQuantum 00:00:30 "${model[@]}" > "$work/silo.log" 2>&1 & silo=$!; pids+=($silo)
for _ in $(seq 1 120); do [ -s "$work/bootstrap" ] && break; sleep 0.5; done
bootstrap=$(cat "$work/bootstrap")
dotnet src/Client/bin/Release/net10.0/Interest.Client.dll produce synthetic --bootstrap "$bootstrap" --rate "$rate" --users "$users" --seed 5 \
  > "$work/producer.log" 2>&1 & producer=$!; pids+=($producer)

echo "seconds,rss_mb,delivered,lag,lost_to_retention,error_lines" > "$out/samples.csv"
sample() {
  local t=$1 rss ingestion errors
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$silo/status)
  ingestion=$(curl -s $web/diagnostics/ingestion || echo '{}')
  errors=$(grep -c -E '^(fail|crit):' "$work/silo.log" || true)
  python3 -c 'import json,sys; d=json.loads(sys.argv[1] or "{}"); print(",".join(str(x) for x in [sys.argv[2], sys.argv[3], d.get("delivered",""), d.get("lag",""), d.get("lostToRetention",""), sys.argv[4]]))' \
    "$ingestion" "$t" "$rss" "$errors" >> "$out/samples.csv"
  tail -1 "$out/samples.csv"
}
start=$(date +%s)
while [ $(( $(date +%s) - start )) -lt "$duration" ]; do sleep 15; sample $(( $(date +%s) - start )); done
kill $producer 2>/dev/null || true; wait $producer 2>/dev/null || true
for _ in $(seq 1 20); do sleep 3; lag=$(curl -s $web/diagnostics/ingestion | python3 -c 'import json,sys; print(json.load(sys.stdin).get("lag"))'); [ "$lag" = "0" ] && break; done
sample $(( $(date +%s) - start ))

python3 - "$out/samples.csv" "$rate" "$duration" "$users" > "$out/summary.md" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
rate, duration, users = sys.argv[2], int(sys.argv[3]), sys.argv[4]
warm = [r for r in rows if int(r["seconds"]) >= min(180, duration // 3)]
def slope(points):
    n = len(points); mx = sum(x for x, _ in points) / n; my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return 0.0 if den == 0 else sum((x - mx) * (y - my) for x, y in points) / den
rss = [(int(r["seconds"]), float(r["rss_mb"])) for r in warm]
lags = [int(r["lag"]) for r in warm if r["lag"] not in ("", "None")]
print(f"# Soak: {rate} events/s for {duration} s over {users} synthetic users\n")
print(f"- resident memory after warm-up: {rss[0][1]:.0f} MB → {rss[-1][1]:.0f} MB, slope {slope(rss) * 60:.2f} MB/min (min {min(y for _, y in rss):.0f}, max {max(y for _, y in rss):.0f})")
print(f"- events delivered: {rows[-1]['delivered']}; consumer lag after warm-up: max {max(lags) if lags else 'n/a'}, at the end {rows[-1]['lag']}")
print(f"- lost to retention: {rows[-1]['lost_to_retention']}; error lines in the silo log: {rows[-1]['error_lines']}")
print("\nSamples: docs/soak/samples.csv (every 15 s).")
PY
cat "$out/summary.md"
