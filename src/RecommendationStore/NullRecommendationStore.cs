using Interest.Abstractions;

namespace Interest.RecommendationStore;

/// <summary>
/// The store when none is configured (no <c>Redis:ConnectionString</c>, or <c>RecommendationStore:Enabled</c> false):
/// grains publish nothing and every lookup asks the user grain.
/// </summary>
public sealed class NullRecommendationStore : IRecommendationStore
{
    public static NullRecommendationStore Instance { get; } = new();

    private NullRecommendationStore()
    {
    }

    public Task PublishAsync(UserRecommendations recommendations) => Task.CompletedTask;

    public Task<UserRecommendations?> TryReadAsync(string userId, int k) => Task.FromResult<UserRecommendations?>(null);

    public Task<IReadOnlyList<string>> SampleUserIdsAsync(int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
