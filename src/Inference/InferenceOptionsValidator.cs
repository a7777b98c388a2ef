using Interest.Abstractions;
using Microsoft.Extensions.Options;

namespace Interest.Inference;

/// <summary>Rejects settings the engine cannot serve with, so that a host fails at start and not at the first request.</summary>
public sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var failures = new List<string>();
        if (options.ItemCount < 1) failures.Add($"Inference:ItemCount must be at least 1 (was {options.ItemCount}).");
        if (options.EmbeddingSize < 1) failures.Add($"Inference:EmbeddingSize must be at least 1 (was {options.EmbeddingSize}).");
        if (options.HiddenSize < 1) failures.Add($"Inference:HiddenSize must be at least 1 (was {options.HiddenSize}).");
        if (options.MaxBatchSize < 1) failures.Add($"Inference:MaxBatchSize must be at least 1 (was {options.MaxBatchSize}).");
        if (options.MaxBatchWaitMs < 0 || double.IsNaN(options.MaxBatchWaitMs) || double.IsInfinity(options.MaxBatchWaitMs))
        {
            failures.Add($"Inference:MaxBatchWaitMs must be a finite number of milliseconds, 0 or more (was {options.MaxBatchWaitMs}).");
        }
        foreach (var (setting, niceness) in new[] { ("BatcherNiceness", options.BatcherNiceness), ("BacklogNiceness", options.BacklogNiceness) })
        {
            if (niceness is < -20 or > 19) failures.Add($"Inference:{setting} must be a Linux nice value, -20 to 19 (was {niceness}).");
        }
        if (options.DefaultTopK < 1 || options.DefaultTopK > InterestLimits.MaxTopK)
        {
            failures.Add($"Inference:DefaultTopK must be between 1 and {InterestLimits.MaxTopK} (was {options.DefaultTopK}).");
        }
        if (!TorchDevices.IsKnownSetting(options.Device))
        {
            failures.Add($"Inference:Device must be 'auto', 'cpu' or 'cuda' (was '{options.Device}').");
        }
        if (options.ModelPath is not null && string.IsNullOrWhiteSpace(options.ModelPath))
        {
            failures.Add("Inference:ModelPath is set but empty; remove it to serve a fresh model or give a file path.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
