using Confluent.Kafka;

namespace Interest.Streaming.Consuming;

/// <summary>An invalid message waiting to be written to the dead-letter topic.</summary>
internal sealed class DeadLetter(ConsumeResult<byte[]?, byte[]?> source, string reason, string detail)
{
    public ConsumeResult<byte[]?, byte[]?> Source { get; } = source;
    public string Reason { get; } = reason;
    public string Detail { get; } = detail;
    public bool Published { get; set; }
}
