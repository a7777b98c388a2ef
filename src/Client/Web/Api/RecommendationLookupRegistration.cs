using Interest.RecommendationStore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interest.Web.Api;

public static class RecommendationLookupRegistration
{
    /// <summary>The lookup path: the recommendation store when configured (<see cref="RecommendationStoreRegistration"/>), else the user grain.</summary>
    public static IServiceCollection AddRecommendationLookup(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddRecommendationStore(configuration);
        services.TryAddSingleton<RecommendationLookup>();
        return services;
    }
}
