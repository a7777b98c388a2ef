using System.Diagnostics.Metrics;
using Interest.Inference;
using Interest.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interest.Cluster.Tests.Fixtures;

/// <summary>
/// The entry point of this assembly when <see cref="SiloProcess"/> runs it as a silo with fault drills: the silo
/// program with the drills its settings name registered on top. The test runner loads the assembly as a library and
/// never calls it.
/// </summary>
public static class DrillSiloProgram
{
    /// <summary>Extra milliseconds each inference batch takes, as on a slow or overloaded device.</summary>
    public const string BatchLatencyKey = "Drill:BatchLatencyMs";

    public static async Task Main(string[] args)
    {
        var app = SiloHost.Build(args, AddDrills);
        await app.RunAsync();
    }

    private static void AddDrills(ISiloBuilder silo)
    {
        int batchLatencyMs = silo.Configuration.GetValue<int>(BatchLatencyKey);
        if (batchLatencyMs > 0)
        {
            silo.Services.Replace(ServiceDescriptor.Singleton(services => new BatchedInferenceEngine(
                services.GetRequiredService<IOptions<InferenceOptions>>(),
                services.GetRequiredService<ILogger<BatchedInferenceEngine>>(),
                services.GetService<IMeterFactory>(),
                afterEachBatch: () => Thread.Sleep(batchLatencyMs))));
        }
    }
}
