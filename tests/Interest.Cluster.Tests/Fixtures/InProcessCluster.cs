using Interest.Grains.Placement;

namespace Interest.Cluster.Tests.Fixtures;

/// <summary>
/// A two-silo InProcessTestCluster shared by the grain-level tests: the first silo has the inference role, the
/// second has none, so placement by role is observable. No Kafka here; the end-to-end tests use <see cref="ProductionCluster"/>.
/// </summary>
public sealed class InProcessCluster : IAsyncLifetime
{
    public InterestCluster Interest { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Interest = await InterestCluster.StartAsync(TestSettings.Base(null, "inproc"), silos: 2, firstSiloRoles: [SiloRoles.Inference], otherSiloRoles: []);

    public async Task DisposeAsync() => await Interest.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class InProcessClusterCollection : ICollectionFixture<InProcessCluster>
{
    public const string Name = "in-process cluster";
}
