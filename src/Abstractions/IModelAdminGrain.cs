namespace Interest.Abstractions;

/// <summary>
/// The model registry's rollout, for operators: placed on a silo that reaches the registry (the inference role).
/// Refusals (an unknown version, a rollback with no history, a share out of range) are <see cref="ArgumentException"/>s
/// with the reason; a cluster without a registry answers <see cref="InvalidOperationException"/>.
/// </summary>
[Alias("interest.IModelAdminGrain")]
public interface IModelAdminGrain : IGrainWithIntegerKey
{
    [Alias("List")]
    Task<ModelRegistryView> List();

    [Alias("Promote")]
    Task<ModelRolloutView> Promote(string version);

    [Alias("SetCandidate")]
    Task<ModelRolloutView> SetCandidate(string version, double canaryShare);

    [Alias("ClearCandidate")]
    Task<ModelRolloutView> ClearCandidate();

    [Alias("Rollback")]
    Task<ModelRolloutView> Rollback();
}

/// <summary>Which version serves every user, which is tried on a share of them, and the versions a rollback returns to (most recent last).</summary>
[GenerateSerializer, Immutable, Alias("interest.ModelRolloutView")]
public sealed record ModelRolloutView(
    [property: Id(0)] string? Current,
    [property: Id(1)] string? Candidate,
    [property: Id(2)] double CanaryShare,
    [property: Id(3)] string[] History,
    [property: Id(4)] DateTimeOffset ChangedAt);

/// <summary>One published version, with its online quality so far.</summary>
[GenerateSerializer, Immutable, Alias("interest.PublishedModelView")]
public sealed record PublishedModelView(
    [property: Id(0)] string Version,
    [property: Id(1)] int ItemCount,
    [property: Id(2)] int EmbeddingSize,
    [property: Id(3)] int HiddenSize,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset PublishedAt,
    [property: Id(6)] Dictionary<string, double>? TrainingMetrics,
    [property: Id(7)] long SizeBytes,
    [property: Id(8)] string Sha256,
    [property: Id(9)] OnlineQualityTotals OnlineQuality);

[GenerateSerializer, Immutable, Alias("interest.ModelRegistryView")]
public sealed record ModelRegistryView(
    [property: Id(0)] ModelRolloutView Rollout,
    [property: Id(1)] PublishedModelView[] Versions);
