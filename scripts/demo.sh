#!/usr/bin/env bash
# Starts the whole system in one process on embedded defaults: a silo with every role, the embedded Kafka broker,
# the web API, the Orleans Dashboard and a synthetic demo clickstream. Prints the URLs to look at.
# Extra arguments are settings, e.g. --Inference:ModelPath models/games.model (relative to the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/Silo/Interest.Silo.csproj -v quiet -nologo
exec dotnet src/Silo/bin/Release/net10.0/Interest.Silo.dll --demo "$@"
