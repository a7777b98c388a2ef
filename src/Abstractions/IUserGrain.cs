using Orleans.Concurrency;

namespace Interest.Abstractions;

/// <summary>One shopper: LSTM short-term state, long-term embedding, recent events and latest recommendations.</summary>
/// <remarks>
/// The reads marked <see cref="AlwaysInterleaveAttribute"/> may run while an update of the same user awaits inference;
/// the other calls, <see cref="GetInterest"/> included, wait for it.
/// </remarks>
[Alias("interest.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Applies the user's events in order; returns once the new state and recommendations are stored.</summary>
    [Alias("ApplyEvents")]
    Task<ApplyEventsResult> ApplyEvents(DeliveredEvent[] events);

    /// <summary>
    /// Rebuilds the user's state under the model version that now serves the user, when it is from another one, by
    /// re-encoding the stored recent events; true when it did. The background migration after a rollout calls it.
    /// </summary>
    [Alias("MigrateToServedModel")]
    Task<bool> MigrateToServedModel();

    [AlwaysInterleave]
    [Alias("GetRecommendations")]
    Task<UserRecommendations> GetRecommendations(int k);

    [Alias("GetInterest")]
    Task<InterestSummary> GetInterest(int k);

    [AlwaysInterleave]
    [Alias("GetRecentEvents")]
    Task<RecentEvent[]> GetRecentEvents();

    [AlwaysInterleave]
    [Alias("GetState")]
    Task<UserStateSnapshot> GetState();
}
