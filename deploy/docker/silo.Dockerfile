# An Interest silo on CPU libtorch (the ingest role; also a CPU inference host). Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t interest-silo .
# The runtime image is Ubuntu 24.04, whose libstdc++ provides GLIBCXX_3.4.32, so build/TorchSharpGlibcxxFix.targets
# finds nothing to patch there.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Silo/Interest.Silo.csproj -c Release -p:TorchDevice=cpu -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl: the compose healthchecks probe /health/ready from inside the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV Urls=http://+:5080
# 5080 health and API, 8081 management (dashboard, /metrics), 11111 silo-to-silo, 30000 gateway.
EXPOSE 5080 8081 11111 30000
# The non-root user the .NET images define (uid 1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "Interest.Silo.dll"]
