namespace Interest.Abstractions;

/// <summary>One shopper: LSTM short-term state, long-term embedding, recent events and latest recommendations.</summary>
[Alias("interest.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Applies the user's events in order; returns once the new state and recommendations are stored.</summary>
    [Alias("ApplyEvents")]
    Task<ApplyEventsResult> ApplyEvents(DeliveredEvent[] events);

    [Alias("GetRecommendations")]
    Task<UserRecommendations> GetRecommendations(int k);

    [Alias("GetInterest")]
    Task<InterestSummary> GetInterest(int k);

    [Alias("GetRecentEvents")]
    Task<RecentEvent[]> GetRecentEvents();

    [Alias("GetState")]
    Task<UserStateSnapshot> GetState();
}
