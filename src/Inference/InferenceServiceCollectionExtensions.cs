using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Interest.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>Registers the engine as the singleton <see cref="IInferenceEngine"/> with options bound from
    /// <paramref name="section"/> (normally <c>configuration.GetSection("Inference")</c>).</summary>
    public static IServiceCollection AddInterestInference(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<InferenceOptions>().Bind(section);
        return services.AddInferenceEngine();
    }

    /// <summary>Registers the engine as the singleton <see cref="IInferenceEngine"/> with options set in code.</summary>
    public static IServiceCollection AddInterestInference(this IServiceCollection services, Action<InferenceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<InferenceOptions>().Configure(configure);
        return services.AddInferenceEngine();
    }

    private static IServiceCollection AddInferenceEngine(this IServiceCollection services)
    {
        services.AddOptions<InferenceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<BatchedInferenceEngine>();
        services.TryAddSingleton<IInferenceEngine>(provider => provider.GetRequiredService<BatchedInferenceEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, InferenceEngineStartup>());
        return services;
    }
}
