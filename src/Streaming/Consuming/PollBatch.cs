using Interest.Abstractions;

namespace Interest.Streaming.Consuming;

/// <summary>
/// One poll's messages, decoded: the valid events in the order they were read, the invalid messages as dead letters,
/// and for each partition the offset after its last message, which is stored once the batch has been delivered.
/// </summary>
internal sealed class PollBatch(int capacity)
{
    public List<DeliveredEvent> Events { get; } = new(capacity);
    public List<DeadLetter> DeadLetters { get; } = [];
    public Dictionary<int, long> NextOffsets { get; } = [];
}
