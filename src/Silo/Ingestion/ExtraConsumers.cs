using Interest.Streaming;
using Interest.Streaming.Consuming;
using Microsoft.Extensions.Options;

namespace Interest.Silo.Ingestion;

/// <summary>
/// More than one member of the clickstream consumer group in one silo (<c>Silo:Consumers</c>). Each member waits
/// for its poll batch to be applied before it takes the next, so with one member the consumer idles while the model
/// computes and the model idles while the consumer decodes and dispatches; a second member overlaps the two. Each
/// member owns its own partitions, so per-user order and at-least-once delivery are as with members in separate silos.
/// </summary>
public static class ExtraConsumers
{
    /// <summary>Registers <paramref name="count"/> members besides the one <see cref="Streaming.ServiceCollectionExtensions.AddKafkaClickstreamConsumer"/> adds.</summary>
    public static IServiceCollection AddExtraClickstreamConsumers(this IServiceCollection services, int count)
    {
        for (int i = 0; i < count; i++)
        {
            services.AddSingleton<IHostedService>(provider => new KafkaClickstreamConsumer(
                provider.GetRequiredService<IOptions<KafkaOptions>>(),
                provider.GetRequiredService<IClickEventSink>(),
                provider.GetRequiredService<IServedCatalog>(),
                provider.GetRequiredService<ILogger<KafkaClickstreamConsumer>>()));
        }
        return services;
    }

    /// <summary>Every consumer group member this process runs.</summary>
    public static IReadOnlyList<KafkaClickstreamConsumer> All(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<KafkaClickstreamConsumer>().Distinct().ToList();
}
