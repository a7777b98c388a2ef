using Confluent.Kafka;
using Interest.Abstractions;

namespace Interest.Streaming.Consuming;

/// <summary>
/// One poll's messages, decoded: the valid events in the order they were read (with the messages they came from), the
/// invalid messages as dead letters, and for each partition the offset after its last message, which is stored once
/// the batch has been delivered.
/// </summary>
internal sealed class PollBatch(int capacity)
{
    public List<DeliveredEvent> Events { get; } = new(capacity);

    /// <summary>The message of each of <see cref="Events"/>, at the same index.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> Sources { get; } = new(capacity);
    public List<DeadLetter> DeadLetters { get; } = [];
    public Dictionary<int, long> NextOffsets { get; } = [];

    /// <summary>The message an event of this batch came from.</summary>
    public ConsumeResult<byte[]?, byte[]?> SourceOf(DeliveredEvent delivered)
    {
        int index = Events.FindIndex(e => e.Partition == delivered.Partition && e.Offset == delivered.Offset);
        if (index < 0) throw new ArgumentException($"Partition {delivered.Partition}, offset {delivered.Offset} is not in this batch.", nameof(delivered));
        return Sources[index];
    }
}
