using System.Diagnostics;
using Interest.Abstractions;

namespace Interest.Benchmarks.Cluster;

internal static class ClusterReadiness
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Waits until the model answers through Orleans, the silo's consumer has its partitions and the web tier answers.</summary>
    public static async Task WaitAsync(IClusterClient client, SiloDiagnostics diagnostics, Uri webAddress, Func<string?> failure, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = webAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string last = "nothing tried yet";
        while (true)
        {
            if (failure() is { } reason) throw new InvalidOperationException(reason);
            try
            {
                await client.GetGrain<IInferenceGrain>(0).Describe();
                var ingestion = await diagnostics.GetIngestionAsync(cancellationToken);
                if (ingestion.AssignedPartitions == 0) throw new InvalidOperationException("the silo's consumer has no partitions yet");
                using var health = await http.GetAsync("/health", cancellationToken);
                health.EnsureSuccessStatusCode();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }
            if (clock.Elapsed > StartTimeout) throw new TimeoutException($"The cluster was not ready after {StartTimeout.TotalSeconds:0} s: {last}");
            await Task.Delay(250, cancellationToken);
        }
    }
}
