namespace Interest.ModelRegistry;

/// <summary>Where the registry lives (configuration section <c>ModelRegistry</c>).</summary>
public sealed class ModelRegistryOptions
{
    public const string SectionName = "ModelRegistry";

    /// <summary>The registry directory (a volume every silo mounts); null: no registry.</summary>
    public string? Directory { get; set; }

    /// <summary>How often silos re-read the rollout.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The prefix of the Redis keys <c>&lt;prefix&gt;:rollout</c> and <c>&lt;prefix&gt;:versions</c>.</summary>
    public string RedisKeyPrefix { get; set; } = "interest:models";
}
