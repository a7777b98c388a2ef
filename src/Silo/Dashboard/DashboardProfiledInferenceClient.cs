using System.Diagnostics;
using Interest.Abstractions;
using Interest.Grains.Inference;

namespace Interest.Silo.Dashboard;

/// <summary>
/// On an inference silo, user grains hand updates to the local engine without a grain call, so the dashboard's
/// profiler, which sees grain calls only, would show InferenceGrain idle while it does all the work. This records
/// each local update as a call of <see cref="InferenceGrain"/>'s <see cref="MethodName"/>, with its duration and outcome.
/// </summary>
public sealed class DashboardProfiledInferenceClient(IInferenceClient local, Action<double, Type, string, bool> track) : IInferenceClient
{
    public const string MethodName = "InferAsync (local engine)";

    public async Task<InferenceResult> InferAsync(string userId, InferenceRequest request)
    {
        long started = Stopwatch.GetTimestamp();
        bool failed = true;
        try
        {
            var result = await local.InferAsync(userId, request);
            failed = false;
            return result;
        }
        finally
        {
            track(Stopwatch.GetElapsedTime(started).TotalMilliseconds, typeof(InferenceGrain), MethodName, failed);
        }
    }

    public ValueTask<ServedModels> GetServedModelsAsync(bool refresh = false) => local.GetServedModelsAsync(refresh);
}
