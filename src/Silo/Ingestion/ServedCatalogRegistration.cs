using Interest.Streaming.Consuming;

namespace Interest.Silo.Ingestion;

public static class ServedCatalogRegistration
{
    /// <summary>
    /// The catalogue the consumers validate item ids against, kept at the served models' by <see cref="ServedCatalogFollower"/>.
    /// </summary>
    public static IServiceCollection AddServedCatalogFollower(this IServiceCollection services)
    {
        services.AddSingleton<ServedCatalog>();
        services.AddSingleton<IServedCatalog>(provider => provider.GetRequiredService<ServedCatalog>());
        services.AddHostedService<ServedCatalogFollower>();
        return services;
    }
}
