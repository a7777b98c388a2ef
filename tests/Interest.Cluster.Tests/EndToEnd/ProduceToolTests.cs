using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Streaming.Generation;
using Interest.Testing;
using Interest.Tools;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class ProduceToolTests(ProductionCluster shared)
{
    [Fact]
    public async Task Replaying_an_interaction_file_delivers_every_users_history_in_order()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("interest-replay-").FullName, "interactions.txt");
        var histories = new Dictionary<int, int[]>
        {
            [900001] = [5, 9, 5, 77, 1200],
            [900002] = [3],
            [900003] = Enumerable.Range(1, 40).Select(i => i * 13 % TestSettings.ItemCount + 1).ToArray(),
        };
        // Both line formats: "user item" lines and one "user i1 i2 ..." line.
        await File.WriteAllLinesAsync(file, histories.Take(2).SelectMany(h => h.Value.Select(item => $"{h.Key} {item}"))
            .Append($"900003 {string.Join(' ', histories[900003])}"));

        int exit = await ProduceCommand.RunAsync(["replay", "--file", file, "--rate", "0", "--bootstrap", shared.Kafka.BootstrapServers!,
            "--topic", shared.Kafka.Topic, "--group", shared.Kafka.ConsumerGroup]);

        Assert.Equal(0, exit);
        foreach (var (user, items) in histories)
        {
            var grain = shared.Grains.GetGrain<IUserGrain>(ReplayClickstream.UserId(user));
            await Eventually.Until(grain.GetState, s => s.EventCount == items.Length, TimeSpan.FromSeconds(60), $"user {user}'s replay");
            Assert.Equal(items, (await grain.GetRecentEvents()).Select(e => e.ItemId));
        }
    }

    [Fact]
    public async Task The_synthetic_stream_produces_the_requested_number_of_events()
    {
        int exit = await ProduceCommand.RunAsync(["synthetic", "--events", "300", "--users", "20", "--seed", "77", "--items", TestSettings.ItemCount.ToString(),
            "--rate", "0", "--bootstrap", shared.Kafka.BootstrapServers!, "--topic", shared.Kafka.Topic, "--group", shared.Kafka.ConsumerGroup]);

        Assert.Equal(0, exit);
        var expected = new SyntheticClickstream(new SyntheticClickstreamOptions { UserCount = 20, Seed = 77, CatalogItemCount = TestSettings.ItemCount })
            .Generate(300).GroupBy(e => e.UserId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (user, count) in expected)
        {
            await Eventually.Until(shared.Grains.GetGrain<IUserGrain>(user).GetState, s => s.EventCount == count, TimeSpan.FromSeconds(60), $"{user}'s events");
        }

        // The verify command regenerates the stream and checks every user through the web tier; told of one event
        // fewer than was produced, it must find the user who got the last one wrong.
        string[] verify = ["synthetic", "--users", "20", "--seed", "77", "--items", TestSettings.ItemCount.ToString(),
            "--sample", "20", "--url", ProductionCluster.AddressOf(shared.Web), "--key", ProductionCluster.ApiKey];
        Assert.Equal(0, await VerifyCommand.RunAsync([.. verify, "--events", "300"]));
        Assert.Equal(1, await VerifyCommand.RunAsync([.. verify, "--events", "299"]));
        Assert.Equal(2, await VerifyCommand.RunAsync(["synthetic"]));
    }

    [Fact]
    public async Task Unknown_subcommands_and_missing_files_fail_with_a_message()
    {
        Assert.Equal(2, await ProduceCommand.RunAsync(["teleport"]));
        Assert.Equal(2, await ProduceCommand.RunAsync(["replay", "--file", "/nonexistent/file.txt", "--bootstrap", shared.Kafka.BootstrapServers!]));
    }
}
