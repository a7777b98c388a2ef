#!/usr/bin/env bash
# Starts the whole system in one process on embedded defaults: a silo with every role, the embedded Kafka broker,
# the web API, the Orleans Dashboard and a synthetic demo clickstream. Prints the URLs to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run -c Release --project src/Silo -- --demo "$@"
