using System.Diagnostics;
using Interest.Benchmarks.Measurement;
using Interest.Web.Api;

namespace Interest.Benchmarks.Load;

/// <summary>
/// Open-loop lookups: GET /users/{id}/recommendations?k=10 on the web tier at a fixed rate, whatever the answers'
/// latency (requests are started on schedule, not after the previous answer). Latency runs from sending a request to
/// having read its whole body; how late the generator itself started requests is reported separately. Requests of the
/// warm-up are sent at the same rate but not counted: a fresh process (the web tier's, the generator's) runs unoptimised
/// code and compiles it again in the background for its first seconds at this rate (docs/BENCHMARKS.md).
/// </summary>
public sealed class LookupLoad(Uri webAddress, string apiKey, Func<int, string> userIds, int userCount)
{
    /// <summary>The length of the windows whose p99 is reported one by one, so that a transient shows apart from the steady state.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>Sends lookups for <paramref name="warmUp"/> and then <paramref name="duration"/>, and measures those of the latter.</summary>
    /// <param name="measuring">Called when the warm-up ends and the measured window begins.</param>
    public async Task<LookupResult> RunAsync(double perSecond, TimeSpan warmUp, TimeSpan duration, Action measuring, CancellationToken cancellationToken)
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
        var total = warmUp + duration;
        var windows = new LatencySamples[Math.Max(1, (int)Math.Ceiling(total / Window))];
        for (int i = 0; i < windows.Length; i++) windows[i] = new LatencySamples();
        var warmUpBackend = new BackendReadSamples();
        var requests = new List<Task>();
        var random = new Random(11);
        var clock = Stopwatch.StartNew();
        TimeSpan? cpuAtStart = null;
        var measuredFrom = TimeSpan.Zero;
        long sent = 0;
        long sentCounted = 0;
        while (clock.Elapsed < total)
        {
            var now = clock.Elapsed;
            if (cpuAtStart is null && now >= warmUp)
            {
                cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                measuredFrom = now;
                measuring();
            }
            while (sent < perSecond * now.TotalSeconds)
            {
                var scheduled = TimeSpan.FromSeconds(sent / perSecond);
                bool counted = scheduled >= warmUp;
                if (counted) lateness.Add((now - scheduled).TotalMilliseconds);
                string user = Uri.EscapeDataString(userIds(random.Next(userCount)));
                var window = windows[Math.Min(windows.Length - 1, (int)(scheduled / Window))];
                requests.Add(counted
                    ? SendAsync(http, $"/users/{user}/recommendations?k=10", [latency, window], backend, cancellationToken)
                    : SendAsync(http, $"/users/{user}/recommendations?k=10", [window], warmUpBackend, cancellationToken));
                sent++;
                if (counted) sentCounted++;
            }
            // Only the requests in flight are kept: completed ones would keep their responses alive to the end, and every
            // collection of the generator's would then copy them, pausing the generator in the middle of its measurement.
            requests.RemoveAll(request => request.IsCompletedSuccessfully);
            await Task.Delay(1, cancellationToken);
        }
        var elapsed = clock.Elapsed - measuredFrom;
        await Task.WhenAll(requests);
        double generatorCores = (Process.GetCurrentProcess().TotalProcessorTime - (cpuAtStart ?? TimeSpan.Zero)) / (clock.Elapsed - measuredFrom);
        return new LookupResult(perSecond, Math.Round(Rates.PerSecond(sentCounted, elapsed)), latency.Summarise(), lateness.Summarise(), Math.Round(generatorCores, 2), backend.Durations.Summarise(), backend.StoreShare,
            warmUp.TotalSeconds, [.. windows.Select(w => w.Summarise().P99)]);
    }

    private static async Task SendAsync(HttpClient http, string path, LatencySamples[] latencies, BackendReadSamples backend, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                foreach (var latency in latencies) latency.AddFailure();
                return;
            }
            double milliseconds = Rates.MillisecondsSince(start);
            foreach (var latency in latencies) latency.Add(milliseconds);
            string? timing = response.Headers.TryGetValues("Server-Timing", out var values) ? string.Join(",", values) : null;
            if (ServerTiming.Parse(timing) is { } read) backend.Add(read.Metric, read.Milliseconds);
        }
        catch (HttpRequestException)
        {
            foreach (var latency in latencies) latency.AddFailure();
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            foreach (var latency in latencies) latency.AddFailure();
        }
    }
}

/// <param name="Latency">Send → whole answer read; failures are errors, timeouts (10 s) and non-success statuses.</param>
/// <param name="GeneratorLateness">How far behind schedule the generator started requests (its own CPU share on this machine).</param>
/// <param name="BackendReads">The web tier's read of the list (recommendation store or user grain), from its Server-Timing header: the backend's share of <paramref name="Latency"/>.</param>
/// <param name="StoreShare">The fraction of answered lookups that the recommendation store served (the rest asked the user grain).</param>
/// <param name="GeneratorCores">Cores the generator's process used meanwhile (the whole process: in the smoke run it also hosts the cluster).</param>
/// <param name="WarmUpSeconds">How long lookups were sent before the measured window (not counted in the other figures).</param>
/// <param name="WindowP99">Latency p99 of each <see cref="LookupLoad.Window"/> in turn, from the start, warm-up included.</param>
public sealed record LookupResult(double TargetPerSecond, double SentPerSecond, LatencySummary Latency, LatencySummary GeneratorLateness, double GeneratorCores, LatencySummary BackendReads, double StoreShare, double WarmUpSeconds, IReadOnlyList<double?> WindowP99)
{
    /// <summary>Each window's p99 in milliseconds, with a bar where the warm-up ends.</summary>
    public string FormatWindowP99()
    {
        int warmUpWindows = (int)Math.Ceiling(WarmUpSeconds / LookupLoad.Window.TotalSeconds - 1e-9);
        var windows = WindowP99.Select(Sections.PipelineSection.Ms).ToList();
        return warmUpWindows <= 0 || warmUpWindows >= windows.Count
            ? string.Join(" ", windows)
            : $"{string.Join(" ", windows.Take(warmUpWindows))} | {string.Join(" ", windows.Skip(warmUpWindows))}";
    }
}

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
