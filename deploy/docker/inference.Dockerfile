# An Interest inference silo on CUDA libtorch (TorchSharp-cuda-linux, which carries the CUDA libraries it needs; the
# host provides the driver through the NVIDIA container toolkit). Build from the repository root:
#   docker build -f deploy/docker/inference.Dockerfile -t interest-inference .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Silo/Interest.Silo.csproj -c Release -p:TorchDevice=cuda -o /app

# The ASP.NET Core runtime, taken from Microsoft's image rather than from a package feed.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM nvidia/cuda:12.8.1-base-ubuntu24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl libssl3t64 zlib1g libstdc++6 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1654 --user-group --no-create-home --shell /usr/sbin/nologin app
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_RUNNING_IN_CONTAINER=true \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    Urls=http://+:5080 \
    Silo__Roles=inference \
    Inference__Device=cuda
WORKDIR /app
COPY --from=build /app ./
EXPOSE 5080 8081 11111 30000
USER 1654
ENTRYPOINT ["dotnet", "Interest.Silo.dll"]
