# The standalone web tier (an Orleans client; no libtorch). Build from the repository root:
#   docker build -f deploy/docker/web.Dockerfile -t interest-web .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY build/ build/
COPY src/ src/
RUN dotnet publish src/Client/WebHost/Interest.WebHost.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV Urls=http://+:8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Interest.WebHost.dll"]
