using Interest.Streaming.Codec;

namespace Interest.Streaming.Consuming;

/// <summary>Headers on every dead letter (values are UTF-8 text). The dead letter's key is the original key.</summary>
public static class DeadLetterHeaders
{
    /// <summary>Reason code from <see cref="ClickEventRejectReasons"/>.</summary>
    public const string Reason = "dlq.reason";

    /// <summary>Human-readable detail.</summary>
    public const string Message = "dlq.message";

    public const string SourceTopic = "dlq.source.topic";
    public const string SourcePartition = "dlq.source.partition";
    public const string SourceOffset = "dlq.source.offset";

    /// <summary>The original message's timestamp, Unix milliseconds.</summary>
    public const string SourceTimestamp = "dlq.source.timestamp";

    /// <summary>Present ("true") when the value was cut to Kafka:MaxMessageBytes.</summary>
    public const string Truncated = "dlq.truncated";

    /// <summary>With <see cref="Truncated"/>: the original value's size in bytes.</summary>
    public const string OriginalSize = "dlq.original.size";
}
