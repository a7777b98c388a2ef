using Microsoft.Extensions.Hosting;

namespace Interest.Inference;

/// <summary>Creates the engine when the host starts, so that a missing or broken model file stops the host at once
/// instead of failing the first request.</summary>
internal sealed class InferenceEngineStartup(IInferenceEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = engine.Description;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
