using System.Text;
using Interest.Streaming.Codec;
using Interest.Streaming.Consuming;
using Interest.Streaming.Tests.Support;
using Interest.Testing;

namespace Interest.Streaming.Tests.Consuming;

/// <summary>The consumer validates item ids against the served catalogue as it is when each poll batch is decoded.</summary>
public class ServedCatalogTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_consumer_joins_the_group_only_once_the_catalogue_is_known()
    {
        await using var bed = new KafkaTestBed(output, partitions: 2);
        using var producer = bed.CreateProducer();
        for (int i = 0; i < 10; i++) await producer.ProduceAsync(KafkaTestBed.Event($"user-{i % 3}", i, itemId: 40));

        var catalog = new ServedCatalog();
        var sink = new RecordingSink();
        await using var consumer = await bed.StartConsumerAsync(sink, catalog);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, consumer.Statistics.Assignments);
        Assert.Equal(0, consumer.Statistics.Consumed);
        Assert.Equal(0, sink.Count);

        Assert.True(catalog.Update(50));
        await Eventually.Until(() => consumer.Statistics.Delivered == 10, TimeSpan.FromSeconds(30), () => consumer.Statistics.ToString());
        Assert.True(consumer.Statistics.Assignments > 0);
        Assert.Equal(0, consumer.Statistics.DeadLettered);
    }

    [Fact]
    public async Task A_changed_catalogue_applies_to_the_batches_read_after_it()
    {
        await using var bed = new KafkaTestBed(output, partitions: 1);
        using var producer = bed.CreateProducer();
        var catalog = new ServedCatalog(50);
        var sink = new RecordingSink();
        await using var consumer = await bed.StartConsumerAsync(sink, catalog);

        var beyond = KafkaTestBed.Event("grower", 0, itemId: 80);
        await producer.ProduceAsync(KafkaTestBed.Event("grower", 1, itemId: 50));
        await producer.ProduceAsync(beyond);
        await Eventually.Until(() => consumer.Statistics.Delivered == 1 && consumer.Statistics.DeadLettered == 1,
            TimeSpan.FromSeconds(30), () => consumer.Statistics.ToString());

        Assert.True(catalog.Update(100));
        Assert.False(catalog.Update(100));
        var accepted = KafkaTestBed.Event("grower", 2, itemId: 80);
        await producer.ProduceAsync(accepted);
        await Eventually.Until(() => consumer.Statistics.Delivered == 2, TimeSpan.FromSeconds(30), () => consumer.Statistics.ToString());

        Assert.Equal([50, 80], sink.Events.Select(e => e.Event.ItemId));
        Assert.Equal(accepted, sink.Events[^1].Event);
        Assert.Equal(1, consumer.Statistics.DeadLettered);
        var deadLetter = Assert.Single(bed.ReadAll(bed.Options.DeadLetterTopic, 1, TimeSpan.FromSeconds(20)));
        Assert.Equal(ClickEventRejectReasons.ItemOutOfCatalog, Encoding.UTF8.GetString(deadLetter.Message.Headers.GetLastBytes(DeadLetterHeaders.Reason)));
        Assert.Equal(ClickEventJson.Serialize(beyond), deadLetter.Message.Value);
    }

    [Fact]
    public void A_catalogue_once_known_stays_known_and_refuses_an_empty_size()
    {
        var catalog = new ServedCatalog();
        Assert.Null(catalog.ItemCount);
        Assert.False(catalog.WhenKnown.IsCompleted);
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Update(0));
        Assert.Null(catalog.ItemCount);

        Assert.True(catalog.Update(7));
        Assert.True(catalog.WhenKnown.IsCompletedSuccessfully);
        Assert.Equal(7, catalog.ItemCount);
        Assert.True(catalog.Update(3));
        Assert.Equal(3, catalog.ItemCount);
    }
}
