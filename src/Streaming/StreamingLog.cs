using Interest.Streaming.Consuming;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming;

internal static partial class StreamingLog
{
    [LoggerMessage(1, LogLevel.Information,
        "Embedded Kafka broker listening at {BootstrapServers}: topics {Topic} and {DeadLetterTopic} with {Partitions} partitions; address written to {BootstrapFile} (librdkafka {LibraryPath})")]
    public static partial void EmbeddedBrokerStarted(ILogger logger, string bootstrapServers, string topic, string deadLetterTopic, int partitions, string bootstrapFile, string libraryPath);

    [LoggerMessage(2, LogLevel.Information, "Embedded Kafka broker at {BootstrapServers} stopped")]
    public static partial void EmbeddedBrokerStopped(ILogger logger, string bootstrapServers);

    [LoggerMessage(3, LogLevel.Information, "Using the embedded Kafka broker another process started at {BootstrapServers}")]
    public static partial void UsingOtherProcessBroker(ILogger logger, string bootstrapServers);

    [LoggerMessage(10, LogLevel.Warning, "Producing to {Topic} failed: {Error} (failures so far: {Failures})")]
    public static partial void DeliveryFailed(ILogger logger, string topic, string error, long failures);

    [LoggerMessage(20, LogLevel.Information, "Pacer waiting for consumer group {Group}: partition {Partition} is {Backlog} messages ahead of its committed offset (limit {Limit}, {InFlight} in flight)")]
    public static partial void PacerWaiting(ILogger logger, string group, int partition, long backlog, int limit, long inFlight);

    [LoggerMessage(21, LogLevel.Warning, "Pacer could not measure the backlog of group {Group}: {Error}")]
    public static partial void BacklogMeasurementFailed(ILogger logger, string group, string error);

    [LoggerMessage(30, LogLevel.Information, "Clickstream consumer {ClientId} reading {Topic} at {BootstrapServers} as group {Group}")]
    public static partial void ConsumerStarting(ILogger logger, string clientId, string topic, string bootstrapServers, string group);

    [LoggerMessage(31, LogLevel.Information, "Clickstream consumer stopped: {Statistics}")]
    public static partial void ConsumerStopped(ILogger logger, ConsumerStatistics statistics);

    [LoggerMessage(32, LogLevel.Information, "Partitions assigned: {Partitions}")]
    public static partial void PartitionsAssigned(ILogger logger, string partitions);

    [LoggerMessage(33, LogLevel.Information, "Partitions revoked: {Partitions}; committed acknowledged offsets {Offsets}")]
    public static partial void PartitionsRevoked(ILogger logger, string partitions, string offsets);

    [LoggerMessage(34, LogLevel.Warning, "Partitions lost (without a chance to commit): {Partitions}")]
    public static partial void PartitionsLost(ILogger logger, string partitions);

    [LoggerMessage(35, LogLevel.Error,
        "Lost to retention: {Topic} partition {Partition}: {Lost} messages (offsets {From}..{To}) were removed by the broker before this consumer group read them ({How})")]
    public static partial void LostToRetention(ILogger logger, string topic, int partition, long lost, long from, long to, string how);

    [LoggerMessage(36, LogLevel.Warning,
        "{Topic} partition {Partition}: the log start {LogStart} is past this consumer's position {Position}; unread messages are being removed by retention")]
    public static partial void RetentionOvertaking(ILogger logger, string topic, int partition, long logStart, long position);

    [LoggerMessage(37, LogLevel.Warning, "Sink failed on a batch of {Events} events (attempt {Attempt}); retrying in {DelayMs} ms")]
    public static partial void SinkFailed(ILogger logger, Exception exception, int events, int attempt, long delayMs);

    [LoggerMessage(38, LogLevel.Warning, "Dead-lettering {Messages} messages failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    public static partial void DeadLetterFailed(ILogger logger, Exception exception, int messages, int attempt, long delayMs);

    [LoggerMessage(39, LogLevel.Warning, "Dead letter: {Topic}/{Partition}@{Offset}: {Reason}: {Detail}")]
    public static partial void DeadLettered(ILogger logger, string topic, int partition, long offset, string reason, string detail);

    [LoggerMessage(40, LogLevel.Warning, "Kafka consumer error: {Error}")]
    public static partial void ConsumerError(ILogger logger, string error);

    [LoggerMessage(41, LogLevel.Error, "Clickstream consumer failed; restarting it in {DelayMs} ms")]
    public static partial void ConsumerRestarting(ILogger logger, Exception exception, long delayMs);

    [LoggerMessage(42, LogLevel.Warning, "Could not commit offsets {Offsets}: {Error}")]
    public static partial void CommitFailed(ILogger logger, string offsets, string error);

    [LoggerMessage(43, LogLevel.Warning, "Could not check {Topic} partitions {Partitions} for retention loss: {Error}")]
    public static partial void LossCheckFailed(ILogger logger, string topic, string partitions, string error);

    [LoggerMessage(44, LogLevel.Warning, "Could not store the offset of {Topic} partition {Partition} (no longer assigned?): {Error}")]
    public static partial void StoreOffsetFailed(ILogger logger, string topic, int partition, string error);

    [LoggerMessage(45, LogLevel.Debug, "librdkafka {Facility}: {Message}")]
    public static partial void ClientLog(ILogger logger, string facility, string message);

    [LoggerMessage(46, LogLevel.Warning,
        "Clickstream consumer {ClientId} waits for the served model's catalogue size before it reads {Topic} (waited {WaitedSeconds} s; is an inference silo up?)")]
    public static partial void ConsumerWaitingForCatalog(ILogger logger, string clientId, string topic, long waitedSeconds);

    [LoggerMessage(47, LogLevel.Information, "Clickstream consumer {ClientId} validates item ids against the served catalogue 1..{ItemCount}")]
    public static partial void ConsumerCatalogKnown(ILogger logger, string clientId, int itemCount);
}
