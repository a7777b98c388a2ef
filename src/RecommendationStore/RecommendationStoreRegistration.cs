using Interest.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace Interest.RecommendationStore;

public static class RecommendationStoreRegistration
{
    /// <summary>
    /// Registers <see cref="IRecommendationStore"/>: the <see cref="RedisRecommendationStore"/> when
    /// <c>Redis:ConnectionString</c> is set and <c>RecommendationStore:Enabled</c> is not false, else the
    /// <see cref="NullRecommendationStore"/>, with which grains publish nothing and every lookup asks the user grain.
    /// </summary>
    public static IServiceCollection AddRecommendationStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RecommendationStoreOptions.SectionName).Get<RecommendationStoreOptions>() ?? new();
        options.Validate();
        string? redis = configuration["Redis:ConnectionString"];
        if (string.IsNullOrWhiteSpace(redis) || !options.Enabled)
        {
            services.TryAddSingleton<IRecommendationStore>(NullRecommendationStore.Instance);
            return services;
        }
        services.TryAddSingleton(services => new RedisRecommendationStore(redis, options, services.GetRequiredService<Serializer<UserRecommendations>>()));
        services.TryAddSingleton<IRecommendationStore>(services => services.GetRequiredService<RedisRecommendationStore>());
        return services;
    }
}
