namespace Interest.Grains.Users;

public sealed class UserGrainOptions
{
    public const string SectionName = "Users";

    /// <summary>How many recommendations each user keeps ready for lookups.</summary>
    public int StoredTopK { get; set; } = 50;

    /// <summary>How many inference grain activations users are spread over.</summary>
    public int InferenceShards { get; set; } = 4;

    /// <summary>
    /// <see cref="UserStateEncoding.Incremental"/> (the design: carry h, c, u and step them by the new events) or
    /// <see cref="UserStateEncoding.Reencode"/> (what a service without per-user model state must do; for comparison).
    /// </summary>
    public UserStateEncoding Encoding { get; set; } = UserStateEncoding.Incremental;
}

public enum UserStateEncoding
{
    /// <summary>Each update starts from the user's stored (h, c, u) and runs only the new events.</summary>
    Incremental,

    /// <summary>Each update starts from a new user's state and re-runs the LSTM over the user's last
    /// <see cref="Interest.Abstractions.InterestLimits.RecentItemsKept"/> events, the new ones included.</summary>
    Reencode,
}
