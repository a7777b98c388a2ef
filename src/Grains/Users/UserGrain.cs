using System.Diagnostics;
using Interest.Abstractions;
using Interest.Grains.Inference;
using Interest.RecommendationStore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interest.Grains.Users;

/// <remarks>
/// Reads interleave with an update in progress (<see cref="Orleans.Concurrency.AlwaysInterleaveAttribute"/> on
/// <see cref="IUserGrain"/>): an update awaits inference, and a lookup should not wait for another user's batch.
/// Updates replace the state's fields in one synchronous step, so a read sees the recommendations either before or
/// after an update, never a mix.
/// </remarks>
public sealed class UserGrain(
    [PersistentState("interest", UserGrain.StorageName)] IPersistentState<UserInterestState> state,
    IOptions<UserGrainOptions> options,
    PopularItemsCache popularItems,
    IInferenceClient inference,
    IRecommendationStore store,
    OnlineQualityLedger qualityLedger,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    public const string StorageName = "users";

    private readonly UserGrainOptions _options = options.Value;

    private string UserId => this.GetPrimaryKeyString();

    private UserInterestState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        UserMetrics.Activated();
        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        UserMetrics.Deactivated();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task<ApplyEventsResult> ApplyEvents(DeliveredEvent[] events)
    {
        var fresh = new List<DeliveredEvent>(events.Length);
        var highestOffsets = new Dictionary<int, long>();
        var freshIds = new HashSet<ulong>();
        int duplicates = 0;
        foreach (var delivered in events)
        {
            if (delivered.Event.UserId != UserId)
            {
                throw new ArgumentException($"Event {delivered.Event.EventId} is for user '{delivered.Event.UserId}', not '{UserId}'.", nameof(events));
            }
            long applied = highestOffsets.TryGetValue(delivered.Partition, out var seen) ? seen
                : State.AppliedOffset(delivered.Partition);
            if (delivered.Offset <= applied)
            {
                duplicates++;
                continue;
            }
            highestOffsets[delivered.Partition] = delivered.Offset;
            // A producer's or the web tier's retry is a new message with the same event id: applied once.
            ulong idHash = StoredEvent.HashEventId(delivered.Event.EventId);
            if (State.HasRecentEventId(idHash) || !freshIds.Add(idHash))
            {
                duplicates++;
                continue;
            }
            fresh.Add(delivered);
        }

        // Taken before the update overwrites the list in place.
        var servedVersion = State.ModelVersion;
        var servedRanks = fresh.Count > 0 && State.Recommendations.Length > 0
            ? OnlineQuality.Ranks(State.Recommendations, fresh)
            : null;
        var rejected = fresh.Count > 0 ? await ApplyFreshAsync(fresh) : [];
        foreach (var (partition, offset) in highestOffsets)
        {
            State.SetAppliedOffset(partition, offset);
        }
        State.DuplicatesSkipped += duplicates;
        if (fresh.Count > 0 || duplicates > 0)
        {
            // Both writes must succeed before the delivery is acknowledged. A redelivery after a failed publish finds
            // only duplicates, and publishes again here.
            await Task.WhenAll(WriteStateAsync(), PublishAsync());
            if (fresh.Count > rejected.Count && State.Recommendations.Length > 0)
            {
                var applied = rejected.Count == 0 ? fresh : fresh.Except(rejected.Select(r => r.Event));
                UserMetrics.RecordPublished(applied.Select(e => e.Event.TimestampMs), DateTimeOffset.UtcNow);
            }
            if (servedRanks is not null)
            {
                OnlineQuality.Record(qualityLedger, servedVersion, servedRanks.Where((_, i) => !rejected.Exists(r => r.Event == fresh[i])));
            }
        }
        if (duplicates > 0)
        {
            logger.LogDebug("User {UserId}: skipped {Duplicates} events already applied (redelivered or a repeated event id)", UserId, duplicates);
        }
        return new ApplyEventsResult(fresh.Count - rejected.Count, duplicates, rejected.Count > 0 ? [.. rejected] : null);
    }

    /// <summary>
    /// Steps the model over the new events in one request. When the model refuses the request (its validation, an
    /// <see cref="ArgumentException"/>: e.g. an item outside the served model's catalogue), the events are stepped one
    /// at a time so that only those it refuses are rejected. Any other failure is transient and propagates.
    /// </summary>
    private async Task<List<RejectedEvent>> ApplyFreshAsync(List<DeliveredEvent> fresh)
    {
        var events = fresh.ConvertAll(delivered => delivered.Event);
        try
        {
            await StepAsync(events);
            return [];
        }
        catch (ArgumentException) when (fresh.Count > 1)
        {
            // One by one below.
        }
        catch (ArgumentException e)
        {
            return [await RejectAsync(fresh[0], e)];
        }

        var rejected = new List<RejectedEvent>();
        try
        {
            foreach (var delivered in fresh)
            {
                try
                {
                    await StepAsync([delivered.Event]);
                }
                catch (ArgumentException e)
                {
                    rejected.Add(await RejectAsync(delivered, e));
                }
            }
        }
        catch
        {
            // Some of the events are applied in memory, none durably: start again from the stored state.
            DeactivateOnIdle();
            throw;
        }
        return rejected;
    }

    /// <summary>
    /// Steps <paramref name="fresh"/> with the model version that serves this user. A state from another version is
    /// never stepped by this one: the request then carries no state and the recent window with the new events, so the
    /// model re-encodes it (<see cref="UserStateRebuild"/>).
    /// </summary>
    private async Task StepAsync(List<ClickEvent> fresh)
    {
        var result = await InferAsync(target => UserStateRebuild.Needed(State, target)
            ? UserStateRebuild.WithEvents(State, fresh, target, _options.StoredTopK)
            : BuildRequest(fresh, target));
        if (State.Hidden.Length > 0 && State.ModelVersion != result.ModelVersion) UserMetrics.StateRebuilt(UserMetrics.RebuildOnEvent);
        Apply(fresh, result);
    }

    /// <summary>
    /// Runs the request that <paramref name="build"/> makes for the version serving this user. A version that went out of
    /// service since this silo last looked is retried once with a fresh view; after that the failure is transient.
    /// </summary>
    private async Task<InferenceResult> InferAsync(Func<ModelDescription, InferenceRequest> build)
    {
        try
        {
            return await inference.InferAsync(UserId, build((await inference.GetServedModelsAsync()).For(UserId)));
        }
        catch (ModelVersionUnavailableException)
        {
            return await inference.InferAsync(UserId, build((await inference.GetServedModelsAsync(refresh: true)).For(UserId)));
        }
    }

    public async Task<bool> MigrateToServedModel()
    {
        var target = (await inference.GetServedModelsAsync()).For(UserId);
        if (!UserStateRebuild.Needed(State, target)) return false;
        try
        {
            SetModelOutput(await InferAsync(served => UserStateRebuild.Window(State, served, _options.StoredTopK)));
        }
        catch (ArgumentException e)
        {
            // The user's next event rebuilds the state again, and dead-letters the event if that fails too.
            logger.LogWarning("User {UserId}: state not rebuilt under model {Version}: {Reason}", UserId, target.Version, e.Message);
            return false;
        }
        await Task.WhenAll(WriteStateAsync(), PublishAsync());
        UserMetrics.StateRebuilt(UserMetrics.RebuildInBackground);
        return true;
    }

    private async Task<RejectedEvent> RejectAsync(DeliveredEvent delivered, ArgumentException reason)
    {
        var target = (await inference.GetServedModelsAsync()).For(UserId);
        bool itemKnown = delivered.Event.ItemId >= 1 && delivered.Event.ItemId <= target.ItemCount;
        string code = UserStateRebuild.Needed(State, target) && itemKnown ? RejectedEvent.StateRebuildFailed : RejectedEvent.RejectedByModel;
        logger.LogWarning("User {UserId}: event {EventId} (partition {Partition}, offset {Offset}) rejected ({Code}): {Reason}",
            UserId, delivered.Event.EventId, delivered.Partition, delivered.Offset, code, reason.Message);
        return new RejectedEvent(delivered, code, reason.Message);
    }

    private async Task WriteStateAsync()
    {
        using var activity = UserGrainTracing.StartStateWrite(UserId);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            // The state in memory is now ahead of storage. Drop this activation so the retried delivery starts
            // again from the last durable state, instead of skipping the events as already applied.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>The user's whole stored list to the recommendation store, where the web tier reads it.</summary>
    private Task PublishAsync() => State.Recommendations.Length > 0
        ? store.PublishAsync(new UserRecommendations(UserId, State.Recommendations, State.ModelVersion,
            State.RecommendationsComputedAt, State.EventCount, Personalised: true))
        : Task.CompletedTask;

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
        var profile = new InterestProfile([], []);
        if (State.Hidden.Length > 0)
        {
            try
            {
                profile = await InferenceShards.For(GrainFactory, UserId, _options.InferenceShards).Explain(State.Hidden, State.LongTerm, k);
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                // No inference silo reachable: the summary still carries the counts and recent events.
                logger.LogWarning("Interest profile of {UserId} unavailable: {Error}", UserId, e.Message);
            }
        }
        DateTimeOffset? lastEvent = State.EventCount == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(State.LastEventTimestampMs);
        return new InterestSummary(UserId, State.EventCount, lastEvent, profile.ShortTerm, profile.LongTerm, State.RecentEventViews());
    }

    public Task<RecentEvent[]> GetRecentEvents() => Task.FromResult(State.RecentEventViews());

    public Task<UserStateSnapshot> GetState() => Task.FromResult(new UserStateSnapshot(
        [.. State.Hidden], [.. State.Cell], [.. State.LongTerm], State.EventCount, State.DuplicatesSkipped, [.. State.Recommendations], State.ModelVersion));

    private InferenceRequest BuildRequest(List<ClickEvent> fresh, ModelDescription target) => new(
        State.Hidden, State.Cell, State.LongTerm,
        fresh.Select(e => e.ItemId).ToArray(),
        fresh.Select(e => e.Type).ToArray(),
        State.RecentEvents.Select(e => e.ItemId).Distinct().ToArray(),
        _options.StoredTopK,
        target.Version);

    private void Apply(List<ClickEvent> fresh, InferenceResult result)
    {
        SetModelOutput(result);
        State.EventCount += fresh.Count;
        State.LastEventTimestampMs = Math.Max(State.LastEventTimestampMs, fresh[^1].TimestampMs);
        State.AppendRecentEvents(fresh);
    }

    /// <summary>The model's new state, list and version for this user.</summary>
    private void SetModelOutput(InferenceResult result)
    {
        // Copied into the arrays the user already holds: replaced arrays would be garbage that lives as long as the gap
        // between a user's events, the costly kind for the collector (docs/BENCHMARKS.md). Readers never keep them:
        // GetState copies.
        State.Hidden = Overwrite(State.Hidden, result.Hidden);
        State.Cell = Overwrite(State.Cell, result.Cell);
        State.LongTerm = Overwrite(State.LongTerm, result.LongTerm);
        State.Recommendations = Overwrite(State.Recommendations, result.TopItems);
        State.ModelVersion = result.ModelVersion;
        State.RecommendationsComputedAt = DateTimeOffset.UtcNow;
    }

    private static T[] Overwrite<T>(T[] current, T[] next)
    {
        if (current.Length != next.Length) return next;
        next.CopyTo(current, 0);
        return current;
    }

    private static void ValidateK(int k)
    {
        if (k is < 1 or > InterestLimits.MaxTopK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {InterestLimits.MaxTopK}.");
        }
    }
}
