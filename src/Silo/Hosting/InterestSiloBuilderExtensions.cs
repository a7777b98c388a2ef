using Interest.Grains.Inference;
using Interest.Grains.Placement;
using Interest.Grains.Users;
using Interest.Inference;
using Interest.ModelRegistry;
using Interest.RecommendationStore;
using Interest.Silo.Ingestion;
using Interest.Silo.Models;
using Interest.Silo.Networking;
using Interest.Streaming;
using Interest.Streaming.Consuming;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using StackExchange.Redis;

namespace Interest.Silo.Hosting;

public static class InterestSiloBuilderExtensions
{
    /// <summary>
    /// Everything an Interest silo hosts apart from clustering: grain storage, role metadata and role-aware placement,
    /// the inference engine (inference role) and the Kafka consumer (ingest role).
    /// </summary>
    public static ISiloBuilder AddInterest(this ISiloBuilder silo, IConfiguration configuration, IReadOnlyList<string> roles)
    {
        silo.UseSiloMetadata(new Dictionary<string, string> { [SiloRoles.MetadataKey] = string.Join(",", roles) });
        // Grain calls carry the caller's trace context (W3C), so an event's trace continues through the user grain.
        silo.AddActivityPropagation();
        silo.Services.AddInferenceRolePlacement();
        int directoryCacheSize = configuration.GetSection(SiloSettings.SectionName).Get<SiloSettings>()?.DirectoryCacheSize ?? 0;
        if (directoryCacheSize > 0) silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = directoryCacheSize);
        silo.Services.AddOptions<UserGrainOptions>().Bind(configuration.GetSection(UserGrainOptions.SectionName));
        silo.Services.AddSingleton<PopularItemsCache>();
        silo.Services.TryAddSingleton(TimeProvider.System);

        silo.Services.AddRecommendationStore(configuration);
        string? redis = configuration["Redis:ConnectionString"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            silo.Services.AddGrainStorage(UserGrain.StorageName, (services, _) =>
                new ProcessMemoryGrainStorage(services.GetRequiredService<Orleans.Serialization.Serializer>()));
        }
        else
        {
            silo.Services.AddRedisGrainStorage(UserGrain.StorageName, options => options
                .Configure<Orleans.Serialization.Serializer>((storage, serializer) =>
                {
                    storage.ConfigurationOptions = ConfigurationOptions.Parse(redis);
                    storage.GrainStorageSerializer = new PooledGrainStorageSerializer(serializer);
                }));
        }

        silo.Services.AddModelRegistry(configuration);
        silo.Services.AddOptions<ModelRolloutOptions>().Bind(configuration.GetSection(ModelRolloutOptions.SectionName));
        silo.Services.AddSingleton<MigrationProgress>();
        silo.Services.AddHostedService<UserMigrationService>();
        silo.Services.AddSingleton<OnlineQualityLedger>();
        silo.Services.AddHostedService<OnlineQualityReporter>();
        if (roles.Contains(SiloRoles.Inference))
        {
            silo.Services.AddInterestInference(configuration.GetSection("Inference"));
            silo.Services.AddSingleton<IInferenceClient, LocalInferenceClient>();
            if (!string.IsNullOrWhiteSpace(configuration[$"{ModelRegistryOptions.SectionName}:Directory"]))
            {
                silo.Services.AddHostedService<ModelRolloutService>();
            }
        }
        else
        {
            silo.Services.AddSingleton<IInferenceClient, ShardedInferenceClient>();
        }
        if (roles.Contains(SiloRoles.Ingest))
        {
            silo.Services.AddSingleton<IClickEventSink, GrainClickEventSink>();
            silo.Services.AddServedCatalogFollower();
            silo.Services.AddKafkaClickstreamConsumer(configuration.GetSection("Kafka"));
            int consumers = configuration.GetSection(SiloSettings.SectionName).Get<SiloSettings>()?.Consumers ?? 1;
            silo.Services.AddExtraClickstreamConsumers(consumers - 1);
        }
        return silo;
    }

    /// <summary>
    /// Redis membership when Redis:ConnectionString is set, the silo advertising <see cref="AdvertisedAddress"/> (or,
    /// with Silo:KubernetesHosting, its pod's address) and listening on any address; otherwise a single silo on localhost.
    /// </summary>
    public static ISiloBuilder UseInterestClustering(this ISiloBuilder silo, IConfiguration configuration, SiloSettings settings)
    {
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = configuration["Orleans:ClusterId"] ?? "interest";
            options.ServiceId = configuration["Orleans:ServiceId"] ?? "interest";
        });
        // Failure detection and call timeouts, tunable per deployment (and shortened by the fault tests).
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Orleans:Membership"));
        silo.Configure<SiloMessagingOptions>(configuration.GetSection("Orleans:Messaging"));
        silo.Configure<GrainCollectionOptions>(configuration.GetSection("Orleans:GrainCollection"));
        string? redis = configuration["Redis:ConnectionString"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort);
        }
        else
        {
            silo.UseRedisClustering(redis);
            if (settings.KubernetesHosting)
            {
                // Advertises POD_IP, listens on any address and names the silo after its pod; see docs/DEPLOY.md.
                silo.Configure<EndpointOptions>(endpoints =>
                {
                    endpoints.SiloPort = settings.SiloPort;
                    endpoints.GatewayPort = settings.GatewayPort;
                });
                silo.UseKubernetesHosting();
            }
            else
            {
                var advertised = AdvertisedAddress.Resolve(settings.AdvertisedAddress,
                    Environment.GetEnvironmentVariable(AdvertisedAddress.PodIpVariable), AdvertisedAddress.HostInterfaces());
                silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }
        }
        return silo;
    }
}
