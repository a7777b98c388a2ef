namespace Interest.Grains.Users;

public sealed class UserGrainOptions
{
    public const string SectionName = "Users";

    /// <summary>How many recommendations each user keeps ready for lookups.</summary>
    public int StoredTopK { get; set; } = 50;

    /// <summary>How many inference grain activations users are spread over.</summary>
    public int InferenceShards { get; set; } = 4;

    /// <summary>How old a silo's view of the served model versions may be before a user grain's update asks again.</summary>
    public TimeSpan ServedModelsRefresh { get; set; } = TimeSpan.FromSeconds(1);
}
