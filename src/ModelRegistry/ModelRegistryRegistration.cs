using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Interest.ModelRegistry;

public static class ModelRegistryRegistration
{
    /// <summary>
    /// Binds <see cref="ModelRegistryOptions"/> from the <c>ModelRegistry</c> section and, only when
    /// <c>ModelRegistry:Directory</c> is set, registers the <see cref="IModelRolloutStore"/> (in Redis when
    /// <c>Redis:ConnectionString</c> is set, on the registered <see cref="IConnectionMultiplexer"/> if there is one;
    /// else in the directory) and the <see cref="ModelRegistry"/>.
    /// </summary>
    public static IServiceCollection AddModelRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ModelRegistryOptions>().Bind(configuration.GetSection(ModelRegistryOptions.SectionName));
        if (string.IsNullOrWhiteSpace(configuration[$"{ModelRegistryOptions.SectionName}:Directory"])) return services;

        string? redis = configuration["Redis:ConnectionString"];
        services.TryAddSingleton<IModelRolloutStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ModelRegistryOptions>>().Value;
            if (string.IsNullOrWhiteSpace(redis)) return new FileModelRolloutStore(options.Directory!);
            return provider.GetService<IConnectionMultiplexer>() is { } connection
                ? new RedisModelRolloutStore(connection, options.RedisKeyPrefix)
                : RedisModelRolloutStore.ConnectInBackground(redis, options.RedisKeyPrefix);
        });
        services.TryAddSingleton(provider => new ModelRegistry(
            provider.GetRequiredService<IOptions<ModelRegistryOptions>>().Value.Directory!,
            provider.GetRequiredService<IModelRolloutStore>(),
            provider.GetService<TimeProvider>()));
        return services;
    }
}
