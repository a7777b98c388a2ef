# The inference silo on CUDA libtorch (TorchSharp-cuda-linux; that package must be served by your NuGet feed).
# Build from the repository root:
#   docker build -f deploy/docker/inference.Dockerfile -t interest-silo-cuda:local .
# Run with a GPU (NVIDIA Container Toolkit) and Silo__Roles=inference; the host driver must support CUDA 12.8.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Silo/Interest.Silo.csproj -c Release -o /app -p:TorchDevice=cuda

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

# The CUDA runtime libraries come with libtorch; the base image gives the driver hooks and an Ubuntu 24.04 userland
# like aspnet:10.0's, so the .NET runtime is copied over from it as it is.
FROM nvidia/cuda:12.8.1-base-ubuntu24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl libgcc-s1 libssl3t64 libstdc++6 tzdata zlib1g \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && groupadd --system --gid 1654 app \
 && useradd --system --uid 1654 --gid app --no-create-home app
ENV DOTNET_RUNNING_IN_CONTAINER=true \
    Urls=http://+:5080 \
    Silo__Roles=inference \
    Inference__Device=cuda
WORKDIR /app
COPY --from=build /app ./
EXPOSE 5080 8081 11111 30000
USER 1654
ENTRYPOINT ["dotnet", "Interest.Silo.dll"]
