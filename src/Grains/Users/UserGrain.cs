using Interest.Abstractions;
using Interest.Grains.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interest.Grains.Users;

public sealed class UserGrain(
    [PersistentState("interest", UserGrain.StorageName)] IPersistentState<UserInterestState> state,
    IOptions<UserGrainOptions> options,
    PopularItemsCache popularItems,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    public const string StorageName = "users";

    private readonly UserGrainOptions _options = options.Value;

    private string UserId => this.GetPrimaryKeyString();

    private UserInterestState State => state.State;

    public async Task<ApplyEventsResult> ApplyEvents(DeliveredEvent[] events)
    {
        var fresh = new List<ClickEvent>(events.Length);
        var highestOffsets = new Dictionary<int, long>();
        int duplicates = 0;
        foreach (var delivered in events)
        {
            if (delivered.Event.UserId != UserId)
            {
                throw new ArgumentException($"Event {delivered.Event.EventId} is for user '{delivered.Event.UserId}', not '{UserId}'.", nameof(events));
            }
            long applied = highestOffsets.TryGetValue(delivered.Partition, out var seen) ? seen
                : State.AppliedOffsets.GetValueOrDefault(delivered.Partition, -1);
            if (delivered.Offset <= applied)
            {
                duplicates++;
                continue;
            }
            highestOffsets[delivered.Partition] = delivered.Offset;
            fresh.Add(delivered.Event);
        }

        if (fresh.Count > 0)
        {
            var result = await InferenceShards.For(GrainFactory, UserId, _options.InferenceShards).Infer(BuildRequest(fresh));
            Apply(fresh, result);
        }
        foreach (var (partition, offset) in highestOffsets)
        {
            State.AppliedOffsets[partition] = offset;
        }
        State.DuplicatesSkipped += duplicates;
        if (fresh.Count > 0 || duplicates > 0)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // The state in memory is now ahead of storage. Drop this activation so the retried delivery starts
                // again from the last durable state, instead of skipping the events as already applied.
                DeactivateOnIdle();
                throw;
            }
        }
        if (duplicates > 0)
        {
            logger.LogDebug("User {UserId}: skipped {Duplicates} events already applied", UserId, duplicates);
        }
        return new ApplyEventsResult(fresh.Count, duplicates);
    }

    public async Task<UserRecommendations> GetRecommendations(int k)
    {
        ValidateK(k);
        if (State.Recommendations.Length > 0)
        {
            return new UserRecommendations(UserId, State.Recommendations.Take(k).ToArray(), State.ModelVersion,
                State.RecommendationsComputedAt, State.EventCount, Personalised: true);
        }
        var popular = await popularItems.GetAsync(k);
        return new UserRecommendations(UserId, popular, State.ModelVersion, null, State.EventCount, Personalised: false);
    }

    public async Task<InterestSummary> GetInterest(int k)
    {
        ValidateK(k);
        var profile = State.Hidden.Length == 0
            ? new InterestProfile([], [])
            : await InferenceShards.For(GrainFactory, UserId, _options.InferenceShards).Explain(State.Hidden, State.LongTerm, k);
        DateTimeOffset? lastEvent = State.EventCount == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(State.LastEventTimestampMs);
        return new InterestSummary(UserId, State.EventCount, lastEvent, profile.ShortTerm, profile.LongTerm, [.. State.RecentEvents]);
    }

    public Task<RecentEvent[]> GetRecentEvents() => Task.FromResult(State.RecentEvents.ToArray());

    public Task<UserStateSnapshot> GetState() => Task.FromResult(new UserStateSnapshot(
        State.Hidden, State.Cell, State.LongTerm, State.EventCount, State.DuplicatesSkipped, State.Recommendations, State.ModelVersion));

    private InferenceRequest BuildRequest(List<ClickEvent> fresh)
    {
        int[] recentItems = State.RecentEvents.Select(e => e.ItemId).Distinct().ToArray();
        return new InferenceRequest(
            State.Hidden, State.Cell, State.LongTerm,
            fresh.Select(e => e.ItemId).ToArray(),
            fresh.Select(e => e.Type).ToArray(),
            recentItems,
            _options.StoredTopK);
    }

    private void Apply(List<ClickEvent> fresh, InferenceResult result)
    {
        State.Hidden = result.Hidden;
        State.Cell = result.Cell;
        State.LongTerm = result.LongTerm;
        State.Recommendations = result.TopItems;
        State.ModelVersion = result.ModelVersion;
        State.RecommendationsComputedAt = DateTimeOffset.UtcNow;
        State.EventCount += fresh.Count;
        State.LastEventTimestampMs = Math.Max(State.LastEventTimestampMs, fresh[^1].TimestampMs);
        foreach (var e in fresh)
        {
            State.RecentEvents.Add(new RecentEvent(e.ItemId, e.Type, e.TimestampMs));
        }
        int excess = State.RecentEvents.Count - InterestLimits.RecentItemsKept;
        if (excess > 0)
        {
            State.RecentEvents.RemoveRange(0, excess);
        }
    }

    private static void ValidateK(int k)
    {
        if (k is < 1 or > InterestLimits.MaxTopK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {InterestLimits.MaxTopK}.");
        }
    }
}
