using System.Text;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;
using Interest.Abstractions;
using Interest.Streaming.Codec;
using Interest.Streaming.Consuming;
using Interest.Streaming.Tests.Support;
using Interest.Testing;

namespace Interest.Streaming.Tests.Consuming;

public class DeadLetterTests(ITestOutputHelper output)
{
    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static byte[] Json(string eventId, string userId, string itemId = "12", string type = "\"view\"", long? timestamp = null) =>
        Encoding.UTF8.GetBytes(
            $"{{\"eventId\":\"{eventId}\",\"userId\":\"{userId}\",\"itemId\":{itemId},\"type\":{type},\"timestamp\":{timestamp ?? NowMs}}}");

    [Fact]
    public async Task An_event_the_sink_rejects_for_good_is_dead_lettered_and_its_partition_moves_on()
    {
        const int poisonItem = 999;
        await using var bed = new KafkaTestBed(output, partitions: 3);
        using var producer = bed.CreateProducer();
        var good = new List<ClickEvent>();
        for (int i = 0; i < 10; i++)
        {
            var clickEvent = KafkaTestBed.Event("poisoned-user", i, itemId: 10 + i);
            good.Add(clickEvent);
            await producer.ProduceAsync(clickEvent);
        }
        var poison = KafkaTestBed.Event("poisoned-user", 10, itemId: poisonItem);
        var poisonPosition = await producer.ProduceRawAsync(poison.UserId, ClickEventJson.Serialize(poison));
        for (int i = 11; i < 21; i++)
        {
            var clickEvent = KafkaTestBed.Event(i % 2 == 0 ? "poisoned-user" : "neighbour", i, itemId: 10 + i);
            good.Add(clickEvent);
            await producer.ProduceAsync(clickEvent);
        }

        var sink = new RecordingSink(rejectedItemId: poisonItem);
        await using var consumer = await bed.StartConsumerAsync(sink);
        await Eventually.Until(
            () => consumer.Statistics.Delivered == good.Count + 1 && consumer.Statistics.DeadLettered == 1,
            TimeSpan.FromSeconds(30), () => consumer.Statistics.ToString());

        // The events after the poison in its partition were delivered, in order, and it was not retried.
        Assert.Equal(good.Where(e => e.UserId == "poisoned-user"), sink.Events.Select(e => e.Event).Where(e => e.UserId == "poisoned-user"));
        Assert.Equal(good.ToHashSet(), sink.Events.Select(e => e.Event).ToHashSet());
        Assert.Equal(0, consumer.Statistics.SinkFailures);
        Assert.Equal(1, consumer.Statistics.DeadLetteredByReason[RejectedEvent.RejectedByModel]);

        var deadLetter = Assert.Single(bed.ReadAll(bed.Options.DeadLetterTopic, 1, TimeSpan.FromSeconds(20)));
        string Header(string name) => Encoding.UTF8.GetString(deadLetter.Message.Headers.GetLastBytes(name));
        Assert.Equal(RejectedEvent.RejectedByModel, Header(DeadLetterHeaders.Reason));
        Assert.Contains("unknown to the model", Header(DeadLetterHeaders.Message));
        Assert.Equal(poisonPosition.Partition.Value.ToString(), Header(DeadLetterHeaders.SourcePartition));
        Assert.Equal(poisonPosition.Offset.Value.ToString(), Header(DeadLetterHeaders.SourceOffset));
        Assert.Equal(ClickEventJson.Serialize(poison), deadLetter.Message.Value);
    }

    [Fact]
    public async Task Bad_messages_go_to_the_dead_letter_topic_with_their_reason_and_good_ones_are_delivered()
    {
        await using var bed = new KafkaTestBed(output, partitions: 3);
        using var producer = bed.CreateProducer();
        string longUser = new('u', 129);
        var bad = new List<(string? Key, byte[] Value, string Reason)>
        {
            ("user-x", Encoding.UTF8.GetBytes("this is not json"), "invalid-json"),
            ("user-x", Encoding.UTF8.GetBytes("{\"eventId\":\"cut"), "invalid-json"),
            (null, [], "invalid-json"),
            ("user-x", Json("bad-type", "user-x", type: "\"like\""), "unknown-event-type"),
            ("user-x", Json("bad-item", "user-x", itemId: (KafkaTestBed.CatalogItemCount + 1).ToString()), "item-out-of-catalog"),
            ("user-x", Json("bad-item-0", "user-x", itemId: "0"), "item-out-of-catalog"),
            (longUser, Json("long-user", longUser), "invalid-user-id"),
            ("bad\u0001user", Json("control", "bad\\u0001user"), "invalid-user-id"),
            ("user-x", Json("control\\u0002id", "user-x"), "invalid-event-id"),
            ("user-a", Json("mismatch", "user-b"), "key-mismatch"),
            ("user-x", Json("old", "user-x", timestamp: 900_000_000_000), "timestamp-out-of-range"),
            ("user-x", Encoding.UTF8.GetBytes("{\"eventId\":\"no-item\",\"userId\":\"user-x\",\"type\":\"view\",\"timestamp\":1700000000000}"), "missing-field:itemId"),
            ("user-x", Encoding.UTF8.GetBytes("{\"eventId\":\"big\",\"userId\":\"user-x\",\"pad\":\"" + new string('p', 200_000) + "\"}"), "message-too-large"),
        };

        var expectedBySource = new Dictionary<(int Partition, long Offset), string>();
        var good = new List<ClickEvent>();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 20; i++)
            {
                var clickEvent = KafkaTestBed.Event($"user-{i % 5}", round * 100 + i, type: (ClickEventType)(i % 4));
                good.Add(clickEvent);
                await producer.ProduceAsync(clickEvent);
            }
            foreach (var (key, value, reason) in bad)
            {
                var position = await producer.ProduceRawAsync(key, value);
                expectedBySource[(position.Partition.Value, position.Offset.Value)] = reason;
            }
        }

        // The producer refuses what Kafka would (message.max.bytes, 1,000,000 by default); it never reaches the topic.
        var refused = await Assert.ThrowsAsync<ProduceException<string, byte[]>>(
            () => producer.ProduceRawAsync("user-x", new byte[10 * 1024 * 1024]));
        Assert.Equal(ErrorCode.MsgSizeTooLarge, refused.Error.Code);

        var sink = new RecordingSink();
        await using var consumer = await bed.StartConsumerAsync(sink);
        await Eventually.Until(
            () => consumer.Statistics.Delivered == good.Count && consumer.Statistics.DeadLettered == expectedBySource.Count,
            TimeSpan.FromSeconds(30), () => consumer.Statistics.ToString());

        Assert.Equal(good.ToHashSet(), sink.Events.Select(e => e.Event).ToHashSet());
        Assert.Equal(good.Count, sink.Count);

        var deadLetters = bed.ReadAll(bed.Options.DeadLetterTopic, expectedBySource.Count, TimeSpan.FromSeconds(20));
        Assert.Equal(expectedBySource.Count, deadLetters.Count);
        var seen = new HashSet<(int, long)>();
        foreach (var deadLetter in deadLetters)
        {
            var headers = deadLetter.Message.Headers;
            string Header(string name) => Encoding.UTF8.GetString(headers.GetLastBytes(name));
            var source = (int.Parse(Header(DeadLetterHeaders.SourcePartition)), long.Parse(Header(DeadLetterHeaders.SourceOffset)));
            Assert.True(seen.Add(source), $"dead letter for {source} twice");
            Assert.Equal(expectedBySource[source], Header(DeadLetterHeaders.Reason));
            Assert.Equal(bed.Options.Topic, Header(DeadLetterHeaders.SourceTopic));
            Assert.False(string.IsNullOrWhiteSpace(Header(DeadLetterHeaders.Message)));

            if (Header(DeadLetterHeaders.Reason) == "message-too-large")
            {
                Assert.Equal("true", Header(DeadLetterHeaders.Truncated));
                Assert.True(int.Parse(Header(DeadLetterHeaders.OriginalSize)) > 200_000);
                Assert.Equal(bed.Options.MaxMessageBytes, deadLetter.Message.Value!.Length);
            }
            else
            {
                Assert.False(headers.TryGetLastBytes(DeadLetterHeaders.Truncated, out _));
                var original = bad.Single(b => b.Reason == Header(DeadLetterHeaders.Reason) && b.Value.AsSpan().SequenceEqual(deadLetter.Message.Value ?? []));
                Assert.Equal(original.Key, deadLetter.Message.Key is null ? null : Encoding.UTF8.GetString(deadLetter.Message.Key));
            }
        }

        var statistics = consumer.Statistics;
        var expectedByReason = expectedBySource.Values.GroupBy(r => r).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expectedByReason.OrderBy(r => r.Key), statistics.DeadLetteredByReason.OrderBy(r => r.Key));
        Assert.Equal(good.Count + expectedBySource.Count, statistics.Consumed);
        Assert.Equal(0, statistics.SinkFailures);
    }
}
