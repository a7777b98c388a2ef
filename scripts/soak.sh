#!/usr/bin/env bash
# Soak: one silo (every role, the CPU host profile of docs/BENCHMARKS.md) on its own redis-server, the embedded broker,
# and a synthetic clickstream (sessions of ~12 events with long gaps between them) over many users at a steady rate
# for a fixed time. Idle user grains are collected after 2 minutes and come back from Redis, so memory should level
# off after warm-up while every event stays applied. Samples every 15 s: resident memory (and how much of it the GC
# holds), the managed heap after the latest collection, what survived the latest full collection (the live managed
# heap), activations, events delivered, consumer lag, events lost to retention and error lines in the silo log. After
# the stream, it waits for the lag to reach 0 and checks that a sample of users hold exactly the events the stream
# gave them.
#   scripts/soak.sh [events-per-second=5600] [seconds=600] [users=100000] [steady-from-seconds]
# The summary's slopes start at steady-from-seconds (default: 240 s or half the run, whichever is less); generation 2
# takes ~9 minutes to level off (docs/RELIABILITY.md), so for runs of 20 minutes or more pass 600.
# 5,600 events/s is a little over half the sustained maximum of the batched pipeline in docs/benchmarks/results.md. With 100,000
# users each comes back about every 3.5 minutes (its sessions are 2 hours apart in event time, which runs ~35× faster
# than the clock here), so grains are collected and reactivated all along and the active set is steady after ~5
# minutes; with 1,000,000 users it keeps growing for half an hour.
# Writes docs/soak/<users>-users/samples.csv and summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-5600}; duration=${2:-600}; users=${3:-100000}
steady_from=${4:-$(( duration / 2 < 240 ? duration / 2 : 240 ))}
events=$(( rate * duration ))
command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install -y redis-server)"; exit 1; }
dotnet build -c Release Interest.sln -v quiet -nologo >/dev/null

work=$(mktemp -d); out=docs/soak/$users-users; mkdir -p "$out"
redis_port=6391; web=http://127.0.0.1:5091; key=soak-key-$RANDOM$RANDOM
model=(); [ -f models/games.model ] && model=(--Inference:ModelPath models/games.model)
pids=()
# Newest first, each given 20 s: a silo stopped after its redis-server hangs on leaving the membership table.
stop_all() {
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill "${pids[i]}" 2>/dev/null || continue
    for _ in $(seq 1 40); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.5; done
    kill -9 "${pids[i]}" 2>/dev/null || true
  done
}
trap stop_all EXIT INT TERM

redis-server --port $redis_port --dir "$work" --save "" --appendonly yes >/dev/null & pids+=($!)
DOTNET_GCDynamicAdaptationMode=0 dotnet src/Silo/bin/Release/net10.0/Interest.Silo.dll --Silo:Roles ingest,inference \
  --Redis:ConnectionString 127.0.0.1:$redis_port --Orleans:ClusterId soak --Orleans:ServiceId soak \
  --Silo:SiloPort 11191 --Silo:GatewayPort 30091 --Urls $web --Web:Enabled true --Web:ApiKeys:0 "$key" \
  --Kafka:Embedded true --Kafka:BootstrapFile "$work/bootstrap" --Silo:AdvertisedAddress 127.0.0.1 --Diagnostics:Enabled true \
  --Orleans:GrainCollection:CollectionAge 00:02:00 --Orleans:GrainCollection:CollectionQuantum 00:00:30 \
  --Silo:Consumers 2 --Kafka:Partitions 2 --Kafka:Client:fetch.wait.max.ms 5 --Kafka:MaxPollWaitMs 5 \
  --Inference:TorchThreads 1 --Silo:DirectoryCacheSize 100000 "${model[@]}" > "$work/silo.log" 2>&1 & silo=$!; pids+=($silo)
for _ in $(seq 1 120); do [ -s "$work/bootstrap" ] && break; sleep 0.5; done
bootstrap=$(cat "$work/bootstrap")
for _ in $(seq 1 120); do curl -sf $web/health >/dev/null && break; sleep 0.5; done
dotnet src/Client/Tools/bin/Release/net10.0/Interest.Tools.dll produce synthetic --bootstrap "$bootstrap" --rate "$rate" \
  --users "$users" --seed 5 --events "$events" > "$work/producer.log" 2>&1 & producer=$!; pids+=($producer)

echo "seconds,rss_mb,gc_committed_mb,heap_after_gc_mb,live_after_full_gc_mb,activations,delivered,lag,lost_to_retention,error_lines" > "$out/samples.csv"
sample() {
  local t=$1 rss ingestion activations runtime errors
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$silo/status)
  ingestion=$(curl -s -H "X-Api-Key: $key" $web/diagnostics/ingestion || echo '{}')
  activations=$(curl -s -H "X-Api-Key: $key" $web/diagnostics/activations || echo '{}')
  runtime=$(curl -s -H "X-Api-Key: $key" $web/diagnostics/runtime || echo '{}')
  errors=$(grep -c -E '^(fail|crit):' "$work/silo.log" || true)
  python3 -c 'import json,sys; d=json.loads(sys.argv[1] or "{}"); a=json.loads(sys.argv[2] or "{}"); r=json.loads(sys.argv[3] or "{}"); mb=lambda k: "" if not r.get(k) else round(r[k]/2**20,1); print(",".join(str(x) for x in [sys.argv[4], sys.argv[5], mb("gcCommittedBytes"), mb("heapBytesAfterLastGc"), mb("liveBytesAfterLastFullGc"), a.get("activations",""), d.get("delivered",""), d.get("lag",""), d.get("lostToRetention",""), sys.argv[6]]))' \
    "$ingestion" "$activations" "$runtime" "$t" "$rss" "$errors" >> "$out/samples.csv"
  tail -1 "$out/samples.csv"
}
start=$(date +%s)
while kill -0 $producer 2>/dev/null && [ $(( $(date +%s) - start )) -lt $(( duration + 120 )) ]; do sleep 15; sample $(( $(date +%s) - start )); done
produced_for=$(( $(date +%s) - start ))
wait $producer 2>/dev/null || true
for _ in $(seq 1 40); do sleep 3; lag=$(curl -s -H "X-Api-Key: $key" $web/diagnostics/ingestion | python3 -c 'import json,sys; print(json.load(sys.stdin).get("lag"))'); [ "$lag" = "0" ] && break; done
sample $(( $(date +%s) - start ))
verify=$(dotnet src/Client/Tools/bin/Release/net10.0/Interest.Tools.dll verify synthetic --users "$users" --seed 5 --events "$events" \
  --sample 2000 --url $web --key "$key" 2>&1 | tail -5 || true)
echo "$verify"

python3 - "$out/samples.csv" "$rate" "$duration" "$users" "$events" "$produced_for" "$(tail -1 "$work/producer.log")" "$verify" "$steady_from" > "$out/summary.md" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
rate, duration, users, events, produced_for, producer, verify = sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7].strip(), sys.argv[8].strip()
warm = [r for r in rows if int(r["seconds"]) >= int(sys.argv[9])]
def slope(points):
    n = len(points); mx = sum(x for x, _ in points) / n; my = sum(y for _, y in points) / n
    den = sum((x - mx) ** 2 for x, _ in points)
    return 0.0 if den == 0 else sum((x - mx) * (y - my) for x, y in points) / den
rss = [(int(r["seconds"]), float(r["rss_mb"])) for r in warm[:-1]]
lags = [int(r["lag"]) for r in warm[:-1] if r["lag"] not in ("", "None")]
acts = [int(r["activations"]) for r in warm[:-1] if r["activations"]]
print(f"# Soak: {int(rate):,} events/s for {duration} s over {int(users):,} synthetic users\n")
print(f"- produced {events:,} events in {produced_for} s; producer: {producer}")
print(f"- resident memory after warm-up (from {warm[0]['seconds']} s): {rss[0][1]:.0f} MB → {rss[-1][1]:.0f} MB, slope {slope(rss) * 60:+.1f} MB/min (min {min(y for _, y in rss):.0f}, max {max(y for _, y in rss):.0f})")
live = [(int(r["seconds"]), float(r["live_after_full_gc_mb"])) for r in warm[:-1] if r["live_after_full_gc_mb"]]
committed = [(int(r["seconds"]), float(r["gc_committed_mb"])) for r in warm[:-1] if r["gc_committed_mb"]]
native = [(int(r["seconds"]), float(r["rss_mb"]) - float(r["gc_committed_mb"])) for r in warm[:-1] if r["gc_committed_mb"]]
if len(committed) > 1:
    print(f"- memory the GC holds from the OS, after warm-up: {committed[0][1]:.0f} MB → {committed[-1][1]:.0f} MB, slope {slope(committed) * 60:+.1f} MB/min (min {min(y for _, y in committed):.0f}, max {max(y for _, y in committed):.0f})")
    print(f"- the rest of the resident set (native: libtorch, librdkafka, the runtime): {native[0][1]:.0f} MB → {native[-1][1]:.0f} MB, slope {slope(native) * 60:+.1f} MB/min")
if len(live) > 1: print(f"- live managed heap after the latest full collection, after warm-up: {live[0][1]:.0f} MB → {live[-1][1]:.0f} MB, slope {slope(live) * 60:+.1f} MB/min (min {min(y for _, y in live):.0f}, max {max(y for _, y in live):.0f})")
if acts: print(f"- activations after warm-up: {min(acts):,} to {max(acts):,}")
print(f"- consumer lag after warm-up: max {max(lags) if lags else 'n/a'}; at the end {rows[-1]['lag']}; events delivered {rows[-1]['delivered']}")
print(f"- lost to retention: {rows[-1]['lost_to_retention']}; error lines in the silo log: {rows[-1]['error_lines']}")
print(f"- exactly-once check: {verify.splitlines()[-1] if verify else 'not run'}")
print("\nSamples: samples.csv beside this file (every 15 s).")
PY
cat "$out/summary.md"
