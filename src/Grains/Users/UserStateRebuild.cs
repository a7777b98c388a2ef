using Interest.Abstractions;

namespace Interest.Grains.Users;

/// <summary>
/// A user's state belongs to the model version that computed it. Under another version it is rebuilt by re-encoding
/// the recent window (the last <see cref="InterestLimits.RecentItemsKept"/> events) from a new user's state, the same
/// whole-sequence result the offline encoder gives for that window.
/// </summary>
internal static class UserStateRebuild
{
    /// <summary>Whether the user has a state that <paramref name="target"/> did not compute.</summary>
    public static bool Needed(UserInterestState state, ModelDescription target) =>
        state.Hidden.Length > 0 && state.ModelVersion != target.Version;

    /// <summary>
    /// A request with no state over the recent window that the new events move on: after it the state is the window's
    /// encoding. Recent events whose item <paramref name="target"/> does not know are left out; new ones stay in, so
    /// that the model refuses them as it would any unknown item.
    /// </summary>
    public static InferenceRequest WithEvents(UserInterestState state, IReadOnlyList<ClickEvent> fresh, ModelDescription target, int topK)
    {
        var recent = state.RecentEvents.Where(e => e.ItemId <= target.ItemCount).ToArray();
        int fromRecent = Math.Max(0, Math.Min(recent.Length, InterestLimits.RecentItemsKept - fresh.Count));
        int fromFresh = Math.Min(fresh.Count, InterestLimits.RecentItemsKept);
        var itemIds = new int[fromRecent + fromFresh];
        var types = new ClickEventType[itemIds.Length];
        for (int i = 0; i < fromRecent; i++)
        {
            var stored = recent[recent.Length - fromRecent + i];
            itemIds[i] = stored.ItemId;
            types[i] = stored.Type;
        }
        for (int i = 0; i < fromFresh; i++)
        {
            var clickEvent = fresh[fresh.Count - fromFresh + i];
            itemIds[fromRecent + i] = clickEvent.ItemId;
            types[fromRecent + i] = clickEvent.Type;
        }
        // The same exclusions as a step from the kept state: every recent item stays out of the ranking.
        int[] excluded = recent.Select(e => e.ItemId).Distinct().ToArray();
        return new InferenceRequest([], [], [], itemIds, types, excluded, topK, target.Version);
    }

    /// <summary>The recent window alone, for the background migration.</summary>
    public static InferenceRequest Window(UserInterestState state, ModelDescription target, int topK) =>
        WithEvents(state, [], target, topK);
}
