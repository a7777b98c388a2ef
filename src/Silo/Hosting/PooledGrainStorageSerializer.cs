using Orleans.Serialization;
using Orleans.Storage;

namespace Interest.Silo.Hosting;

/// <summary>
/// Orleans' grain-storage serializer, writing through the serializer's pooled buffer into one array of the exact size.
/// The stock <see cref="OrleansGrainStorageSerializer"/> grows a new buffer by doubling on every write, which made it
/// the largest source of the silo's allocations while ingesting (docs/BENCHMARKS.md). Same bytes, so stored state stays readable.
/// </summary>
public sealed class PooledGrainStorageSerializer(Serializer serializer) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(serializer.SerializeToArray(input));

    public T Deserialize<T>(BinaryData input) => serializer.Deserialize<T>(input.ToMemory())!;
}
