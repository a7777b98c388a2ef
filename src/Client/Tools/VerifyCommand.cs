using System.Net.Http.Json;
using Interest.Abstractions;
using Interest.Streaming.Generation;
using Microsoft.Extensions.Configuration;

namespace Interest.Tools;

/// <summary>
/// <c>verify synthetic</c>: after <c>produce synthetic --events E</c> has been consumed, checks through the web API that
/// a sample of its users hold exactly the number of events the stream gave them (none lost, none applied twice). The
/// stream is regenerated from the same seed, so nothing has to be recorded while producing.
/// </summary>
public static class VerifyCommand
{
    public const string Usage = """
        usage: Interest.Tools verify synthetic --events <E> [--users 1000] [--items 23715] [--seed 1]
                                                [--sample 1000] [--url http://localhost:5080] [--key <API key>]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new ConfigurationBuilder().AddCommandLine(args.Length > 0 ? args[1..] : []).Build();
        long events = settings.GetValue("events", 0L);
        if (args.Length == 0 || args[0] != "synthetic" || events <= 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var expected = new Dictionary<string, long>();
        foreach (var clickEvent in new SyntheticClickstream(ProduceCommand.SyntheticOptions(settings)).Generate(events))
        {
            expected[clickEvent.UserId] = expected.GetValueOrDefault(clickEvent.UserId) + 1;
        }
        int sample = Math.Min(settings.GetValue("sample", 1000), expected.Count);
        var users = expected.Keys.Order(StringComparer.Ordinal).ToArray();
        new Random(settings.GetValue("seed", 1)).Shuffle(users);

        using var http = new HttpClient { BaseAddress = new Uri(settings["url"] ?? "http://localhost:5080"), Timeout = TimeSpan.FromSeconds(30) };
        if (settings["key"] is { Length: > 0 } key) http.DefaultRequestHeaders.Add(ApiKeyHeader.Name, key);
        int mismatches = 0;
        foreach (string user in users.Take(sample))
        {
            var answer = await http.GetFromJsonAsync<UserRecommendations>($"/users/{Uri.EscapeDataString(user)}/recommendations?k=1")
                ?? throw new InvalidOperationException($"No answer for {user}.");
            if (answer.EventCount == expected[user]) continue;
            mismatches++;
            Console.WriteLine($"{user}: {answer.EventCount} events applied, {expected[user]} produced");
        }
        Console.WriteLine($"verified {sample:N0} of {expected.Count:N0} users who got events ({events:N0} events in all): {mismatches} mismatches");
        return mismatches == 0 ? 0 : 1;
    }
}
