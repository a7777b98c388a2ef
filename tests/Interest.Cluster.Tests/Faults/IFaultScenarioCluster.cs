using Interest.Abstractions;
using Interest.Inference;
using Interest.Streaming;

namespace Interest.Cluster.Tests.Faults;

/// <summary>What <see cref="FaultScenario"/> needs of a cluster: where to produce, grains, the store and the reference.</summary>
public interface IFaultScenarioCluster
{
    KafkaOptions Kafka { get; }

    IGrainFactory Grains { get; }

    /// <summary>The test's Orleans client's services (its serializer, for reading the recommendation store).</summary>
    IServiceProvider ClientServices { get; }

    string RedisConnectionString { get; }

    /// <summary>The state a fault-free run gives a user: the whole sequence through the served model at once.</summary>
    EncodedSequence Reference(int[] items, ClickEventType[] types, int topK);
}
