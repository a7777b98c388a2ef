using System.Diagnostics;
using Interest.Benchmarks.Measurement;
using Interest.Client.Api;

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
        var backend = new BackendReadSamples();
        var lateness = new LatencySamples();
        var requests = new List<Task>();
        var random = new Random(11);
        var clock = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
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
                requests.Add(counted
                    ? SendAsync(http, $"/users/{user}/recommendations?k=10", latency, backend, cancellationToken)
                    : SendAsync(http, $"/users/{user}/recommendations?k=10", new LatencySamples(), new BackendReadSamples(), cancellationToken));
                sent++;
            }
            await Task.Delay(1, cancellationToken);
        }
        var elapsed = clock.Elapsed;
        await Task.WhenAll(requests);
        double generatorCores = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart) / clock.Elapsed;
        return new LookupResult(perSecond, Math.Round(Rates.PerSecond(sent, elapsed)), latency.Summarise(), lateness.Summarise(), Math.Round(generatorCores, 2), backend.Durations.Summarise(), backend.StoreShare);
    }

    private static async Task SendAsync(HttpClient http, string path, LatencySamples latency, BackendReadSamples backend, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                latency.AddFailure();
                return;
            }
            latency.Add(Rates.MillisecondsSince(start));
            string? timing = response.Headers.TryGetValues("Server-Timing", out var values) ? string.Join(",", values) : null;
            if (ServerTiming.Parse(timing) is { } read) backend.Add(read.Metric, read.Milliseconds);
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
/// <param name="BackendReads">The web tier's read of the list (recommendation store or user grain), from its Server-Timing header: the backend's share of <paramref name="Latency"/>.</param>
/// <param name="StoreShare">The fraction of answered lookups that the recommendation store served (the rest asked the user grain).</param>
/// <param name="GeneratorCores">Cores the generator's process used meanwhile (the whole process: in the smoke run it also hosts the cluster).</param>
public sealed record LookupResult(double TargetPerSecond, double SentPerSecond, LatencySummary Latency, LatencySummary GeneratorLateness, double GeneratorCores, LatencySummary BackendReads, double StoreShare);

/// <summary>The backend's share of each lookup, and where it was read from.</summary>
public sealed class BackendReadSamples
{
    private long _fromStore;
    private long _total;

    public LatencySamples Durations { get; } = new();

    public double StoreShare => Interlocked.Read(ref _total) == 0 ? 0 : Math.Round((double)Interlocked.Read(ref _fromStore) / Interlocked.Read(ref _total), 4);

    public void Add(string metric, double milliseconds)
    {
        Durations.Add(milliseconds);
        Interlocked.Increment(ref _total);
        if (metric == ServerTiming.StoreReadMetric) Interlocked.Increment(ref _fromStore);
    }
}
