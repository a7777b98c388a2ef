using Interest.Abstractions;

namespace Interest.RecommendationStore;

/// <summary>
/// Where user grains publish each user's latest recommendations and the web tier reads them without a grain call
/// (docs/ARCHITECTURE.md, "Lookups"). <see cref="RecommendationStoreRegistration.AddRecommendationStore"/> registers
/// <see cref="RedisRecommendationStore"/> when one is configured and <see cref="NullRecommendationStore"/> otherwise.
/// </summary>
public interface IRecommendationStore
{
    /// <summary>Writes the user's list. The list is serialised before this returns, so the caller may reuse its arrays.</summary>
    Task PublishAsync(UserRecommendations recommendations);

    /// <summary>
    /// The user's published list cut to <paramref name="k"/>, or null when none is published. Throws when the store
    /// does not answer in time.
    /// </summary>
    Task<UserRecommendations?> TryReadAsync(string userId, int k);

    /// <summary>Up to <paramref name="count"/> users that have a published list (the web tier's warm-up looks them up).</summary>
    Task<IReadOnlyList<string>> SampleUserIdsAsync(int count, CancellationToken cancellationToken = default);
}
