using Interest.Streaming.Broker;
using Interest.Streaming.Consuming;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Interest.Streaming;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="KafkaOptions"/> (bound to <paramref name="kafkaSection"/>) and the clickstream consumer as a
    /// hosted service (also resolvable as <see cref="KafkaClickstreamConsumer"/> for its statistics). The host must
    /// register an <see cref="IClickEventSink"/> and the <see cref="IServedCatalog"/> that item ids are validated against.
    /// </summary>
    public static IServiceCollection AddKafkaClickstreamConsumer(this IServiceCollection services, IConfiguration kafkaSection)
    {
        services.AddKafkaOptions(kafkaSection);
        services.TryAddSingleton<KafkaClickstreamConsumer>();
        services.AddHostedService(provider => provider.GetRequiredService<KafkaClickstreamConsumer>());
        return services;
    }

    /// <summary>
    /// When Kafka:BootstrapServers is empty, starts the embedded broker with the host (unless a running process's
    /// embedded broker is already reachable through Kafka:BootstrapFile, which is then shared). Register it before
    /// the consumer so that it starts first and stops last.
    /// </summary>
    public static IServiceCollection AddEmbeddedKafkaBroker(this IServiceCollection services, IConfiguration kafkaSection)
    {
        services.AddKafkaOptions(kafkaSection);
        services.TryAddSingleton<EmbeddedKafkaBrokerService>();
        services.AddHostedService(provider => provider.GetRequiredService<EmbeddedKafkaBrokerService>());
        return services;
    }

    private static void AddKafkaOptions(this IServiceCollection services, IConfiguration kafkaSection)
    {
        ArgumentNullException.ThrowIfNull(kafkaSection);
        if (services.Any(d => d.ServiceType == typeof(KafkaOptionsMarker))) return;
        services.AddSingleton<KafkaOptionsMarker>();
        services.AddOptions<KafkaOptions>()
            .Bind(kafkaSection)
            .Validate(options => Validates(options), "Kafka options are invalid; see KafkaOptions.Validate for which.")
            .ValidateOnStart();
    }

    private static bool Validates(KafkaOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private sealed class KafkaOptionsMarker;
}
