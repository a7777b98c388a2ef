using Interest.ConsoleProgress;
using Interest.Streaming;
using Interest.Streaming.Generation;
using Interest.Streaming.Producing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Interest.Tools;

/// <summary>
/// <c>produce synthetic|replay</c>: writes a clickstream to Kafka at a given rate, never more than
/// <c>--max-backlog</c> messages per partition ahead of the silos' consumer group (the embedded broker drops older ones).
/// </summary>
public static class ProduceCommand
{
    public const string Usage = """
        usage: Interest.Tools produce synthetic [--users 1000] [--items 23715] [--events 0 (unbounded)] [--seed 1] [options]
               Interest.Tools produce replay [--file ../shared/data/amazon-games.txt] [--limit 0 (all)] [options]
        options: --rate <events/s, 0 = as fast as the backlog guard allows> (default 100)
                 --bootstrap <host:port> (default: Kafka:BootstrapServers, else the file a running silo wrote)
                 --topic clickstream  --group interest-silos  --max-backlog 20000
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("synthetic" or "replay"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var settings = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[1..]).Build();
        var kafka = settings.GetSection("Kafka").Get<KafkaOptions>() ?? new KafkaOptions();
        kafka.BootstrapServers = settings["bootstrap"] ?? kafka.BootstrapServers;
        kafka.Topic = settings["topic"] ?? kafka.Topic;
        kafka.ConsumerGroup = settings["group"] ?? kafka.ConsumerGroup;

        IEnumerable<Abstractions.ClickEvent> events;
        long total;
        try
        {
            (events, total) = args[0] == "synthetic" ? Synthetic(settings, kafka) : Replay(settings);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"produce: {e.Message}");
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        using var producer = await ClickstreamProducer.ConnectAsync(kafka, TimeSpan.FromSeconds(30), NullLogger<ClickstreamProducer>.Instance, cancellation.Token);
        using var pacer = new ClickstreamPacer(producer, new ClickstreamPacerOptions
        {
            EventsPerSecond = settings.GetValue("rate", 100.0),
            MaxBacklogPerPartition = settings.GetValue("max-backlog", 20_000),
        });
        Console.WriteLine($"producing {args[0]} clickstream to {producer.BootstrapServers} topic {kafka.Topic}");
        // A bar with ETA on a terminal when the total is known; otherwise (redirected, or an unbounded synthetic stream)
        // the periodic plain lines, with the share done and the ETA when there is a total.
        var bar = total > 0 && PhaseProgress.Interactive ? PhaseProgress.Start($"{args[0]} {total:N0} events", total) : null;
        var plain = total > 0 ? PhaseProgress.Plain(args[0], total, output: null) : null;
        void Report(PacingProgress progress)
        {
            if (bar is not null) bar.Report(progress.Produced, Status(progress));
            else Console.WriteLine(Status(progress) + (plain is null ? "" : "; " + plain.Line(progress.Produced)));
        }
        try
        {
            var done = await pacer.RunAsync(events, new Progress<PacingProgress>(Report), cancellation.Token);
            bar?.Dispose();
            Console.WriteLine(Status(done));
            return done.DeliveryErrors == 0 ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            bar?.Dispose();
            producer.Flush(TimeSpan.FromSeconds(10));
            Console.WriteLine($"stopped after {producer.Produced} events");
            return 0;
        }
    }

    /// <summary>The synthetic stream and its length (0: unbounded).</summary>
    private static (IEnumerable<Abstractions.ClickEvent> Events, long Total) Synthetic(IConfiguration settings, KafkaOptions kafka)
    {
        long count = settings.GetValue("events", 0L);
        var stream = new SyntheticClickstream(SyntheticOptions(settings));
        return count > 0 ? (stream.Generate(count), count) : (stream.Generate(), 0);
    }

    /// <summary>The synthetic stream's options from <c>--users --items --seed</c> (shared with <see cref="VerifyCommand"/>).</summary>
    /// <remarks>The catalogue is the producer's to choose: a larger one than the served model's gets its events dead-lettered.</remarks>
    internal static SyntheticClickstreamOptions SyntheticOptions(IConfiguration settings)
    {
        var options = new SyntheticClickstreamOptions
        {
            UserCount = settings.GetValue("users", 1000),
            CatalogItemCount = settings.GetValue("items", SyntheticClickstreamOptions.DefaultCatalogItemCount),
            Seed = settings.GetValue("seed", 1L),
        };
        options.Validate();
        return options;
    }

    /// <summary>The replayed stream and its length: every interaction of the file, or <c>--limit</c> of them.</summary>
    private static (IEnumerable<Abstractions.ClickEvent> Events, long Total) Replay(IConfiguration settings)
    {
        string file = settings["file"] ?? Path.Combine("..", "shared", "data", "amazon-games.txt");
        var users = InteractionFile.Read(file);
        var events = ReplayClickstream.Events(users);
        long limit = settings.GetValue("limit", 0L);
        long all = users.Sum(user => (long)user.Items.Count);
        return limit > 0 ? (events.Take((int)Math.Min(limit, int.MaxValue)), Math.Min(limit, all)) : (events, all);
    }

    private static string Status(PacingProgress progress) =>
        $"{progress.Elapsed:hh\\:mm\\:ss} produced {progress.Produced,10:N0} at {progress.EventsPerSecond,8:N0}/s; " +
                          $"largest partition backlog {progress.MaxBacklog:N0}{(progress.WaitingForConsumers ? " (waiting for consumers)" : "")}" +
                          $"{(progress.DeliveryErrors > 0 ? $"; {progress.DeliveryErrors} delivery errors" : "")}";
}
