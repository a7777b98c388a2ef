using Interest.Inference;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Interest.Silo.Readiness;

/// <summary>
/// Ready once the engine holds its model on its device. The engine is created when the host starts, and a model
/// that fails to load stops the silo, so asking for it here never loads anything.
/// </summary>
public sealed class InferenceModelHealthCheck(IInferenceEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var model = engine.Description;
        var data = new Dictionary<string, object>
        {
            ["version"] = model.Version,
            ["items"] = model.ItemCount,
            ["device"] = model.Device,
        };
        return Task.FromResult(HealthCheckResult.Healthy($"model {model.Version} loaded on {model.Device}", data));
    }
}
