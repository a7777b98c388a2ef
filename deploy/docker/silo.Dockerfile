# The silo (roles ingest and/or inference) on CPU libtorch. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t interest-silo:local .
# aspnet:10.0 is Ubuntu 24.04, whose libstdc++ has GLIBCXX_3.4.32, so build/TorchSharpGlibcxxFix.targets leaves
# libLibTorchSharp.so as it is here.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Silo/Interest.Silo.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl for the container healthchecks (compose); Kubernetes probes the same endpoints over HTTP itself.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV Urls=http://+:5080
# 5080 health, 8081 management (dashboard, /metrics), 11111 silo-to-silo, 30000 gateway.
EXPOSE 5080 8081 11111 30000
USER $APP_UID
ENTRYPOINT ["dotnet", "Interest.Silo.dll"]
