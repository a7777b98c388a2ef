using Interest.Abstractions;
using Interest.Grains.Placement;
using Interest.Inference;
using Interest.Silo.Hosting;
using Interest.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Interest.Cluster.Tests.Fixtures;

/// <summary>
/// A real Orleans cluster in this process (InProcessTestCluster, in-memory transport) whose silos run the production
/// silo composition with the roles given: the first silo's, then the others'.
/// </summary>
public sealed class InterestCluster : IAsyncDisposable
{
    private InterestCluster(InProcessTestCluster cluster, IConfiguration configuration)
    {
        Cluster = cluster;
        Configuration = configuration;
    }

    public InProcessTestCluster Cluster { get; }

    public IConfiguration Configuration { get; }

    public IClusterClient Client => Cluster.Client;

    public static async Task<InterestCluster> StartAsync(Dictionary<string, string?> settings, short silos = 2, IReadOnlyList<string>? firstSiloRoles = null, IReadOnlyList<string>? otherSiloRoles = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        // A fixed service id, so that grain state written to Redis by one cluster is found by the next.
        builder.Options.ServiceId = configuration["Orleans:ServiceId"] ?? "interest-tests";
        string? firstSilo = null;
        builder.ConfigureSilo((options, silo) =>
        {
            firstSilo ??= options.SiloName;
            bool first = options.SiloName == firstSilo;
            silo.AddInterest(configuration, first ? firstSiloRoles ?? SiloRoles.All : otherSiloRoles ?? [SiloRoles.Ingest]);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var interest = new InterestCluster(cluster, configuration);
        await interest.WaitForInferenceAsync();
        return interest;
    }

    /// <summary>Silo metadata reaches every silo shortly after it joins; until then no silo qualifies for inference.</summary>
    public Task WaitForInferenceAsync() =>
        Eventually.Until(() => Client.GetGrain<IInferenceGrain>(0).Describe(), _ => true, TimeSpan.FromSeconds(30), "an inference silo");

    /// <summary>The silo that was given the inference role (the one whose services hold the engine).</summary>
    public SiloHandle InferenceSilo => Cluster.Silos.Single(s => Cluster.GetSiloServiceProvider(s.SiloAddress).GetService<IInferenceEngine>() is not null);

    public IServiceProvider InferenceSiloServices => Cluster.GetSiloServiceProvider(InferenceSilo.SiloAddress);

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
