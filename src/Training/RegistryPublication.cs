using Interest.ModelRegistry;

namespace Interest.Training;

/// <summary><c>--publish &lt;registry directory&gt;</c>: publishes the model file the run wrote (<c>--out</c>) to the model registry.</summary>
internal static class RegistryPublication
{
    /// <summary>
    /// Publishes <see cref="TrainingOptions.Out"/> to <see cref="TrainingOptions.Publish"/>, with the rollout in Redis when
    /// <see cref="TrainingOptions.Redis"/> is set; tells whether the version is current (the first one published becomes current).
    /// </summary>
    /// <exception cref="ModelRegistryException">The registry refused the file.</exception>
    public static async Task<(RegisteredModel Model, bool IsCurrent)> PublishAsync(TrainingOptions options, CancellationToken cancellationToken = default)
    {
        string directory = options.Publish ?? throw new InvalidOperationException("--publish is not set.");
        RedisModelRolloutStore? redis = string.IsNullOrWhiteSpace(options.Redis) ? null : await RedisModelRolloutStore.ConnectAsync(options.Redis);
        await using (redis)
        {
            var registry = new ModelRegistry.ModelRegistry(directory, redis ?? (IModelRolloutStore)new FileModelRolloutStore(directory));
            var model = await registry.PublishAsync(options.Out, cancellationToken);
            var rollout = await registry.ReadRolloutAsync(cancellationToken);
            return (model, rollout.Current == model.Version);
        }
    }

    public static string Describe(RegisteredModel model, bool isCurrent, string directory) =>
        $"published {model.Version} to {directory}: " +
        (isCurrent ? "it is the current version" : $"not current; promote it with: Interest.Tools models promote {model.Version} --registry {directory}");
}
