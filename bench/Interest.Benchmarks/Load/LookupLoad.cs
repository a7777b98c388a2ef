using System.Diagnostics;
using Interest.Benchmarks.Measurement;

namespace Interest.Benchmarks.Load;

/// <summary>
/// Open-loop lookups: GET /users/{id}/recommendations?k=10 on the web tier at a fixed rate, whatever the answers'
/// latency (requests are started on schedule, not after the previous answer). Latency runs from sending a request to
/// having read its whole body; how late the generator itself started requests is reported separately. Requests of the
/// first <see cref="WarmUp"/> (a fresh process's code is not yet optimised) are sent but not counted.
/// </summary>
public sealed class LookupLoad(Uri webAddress, string apiKey, Func<int, string> userIds, int userCount)
{
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public async Task<LookupResult> RunAsync(double perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 256 };
        using var http = new HttpClient(handler) { BaseAddress = webAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        // One request first so that connection set-up is not measured.
        using (var first = await http.GetAsync($"/users/{Uri.EscapeDataString(userIds(0))}/recommendations?k=10", cancellationToken))
        {
            first.EnsureSuccessStatusCode();
        }

        var latency = new LatencySamples();
        var lateness = new LatencySamples();
        var requests = new List<Task>();
        var random = new Random(11);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (clock.Elapsed < duration)
        {
            var now = clock.Elapsed;
            while (sent < perSecond * now.TotalSeconds)
            {
                var scheduled = TimeSpan.FromSeconds(sent / perSecond);
                bool counted = scheduled >= WarmUp || duration <= WarmUp;
                if (counted) lateness.Add((now - scheduled).TotalMilliseconds);
                string user = Uri.EscapeDataString(userIds(random.Next(userCount)));
                requests.Add(SendAsync(http, $"/users/{user}/recommendations?k=10", counted ? latency : new LatencySamples(), cancellationToken));
                sent++;
            }
            await Task.Delay(1, cancellationToken);
        }
        var elapsed = clock.Elapsed;
        await Task.WhenAll(requests);
        return new LookupResult(perSecond, Math.Round(Rates.PerSecond(sent, elapsed)), latency.Summarise(), lateness.Summarise());
    }

    private static async Task SendAsync(HttpClient http, string path, LatencySamples latency, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.IsSuccessStatusCode) latency.Add(Rates.MillisecondsSince(start));
            else latency.AddFailure();
        }
        catch (HttpRequestException)
        {
            latency.AddFailure();
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            latency.AddFailure();
        }
    }
}

/// <param name="Latency">Send → whole answer read; failures are errors, timeouts (10 s) and non-success statuses.</param>
/// <param name="GeneratorLateness">How far behind schedule the generator started requests (its own CPU share on this machine).</param>
public sealed record LookupResult(double TargetPerSecond, double SentPerSecond, LatencySummary Latency, LatencySummary GeneratorLateness);
