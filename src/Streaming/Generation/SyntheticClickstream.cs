using System.Globalization;
using Interest.Abstractions;

namespace Interest.Streaming.Generation;

/// <summary>
/// A deterministic clickstream for a seed: users with latent interests in 1–3 item groups, Zipf popularity within
/// each group, sessions (bursts of events separated by long gaps), a view → click → cart → purchase funnel, and
/// timestamps that never decrease across the stream. Event ids are "{seed}-{n}", user ids "user-{n}".
/// </summary>
public sealed class SyntheticClickstream
{
    private readonly SyntheticClickstreamOptions _options;
    private readonly SyntheticUserProfile[] _profiles;
    private readonly Dictionary<int, double[]> _zipfCumulativeBySize = [];

    public SyntheticClickstream(SyntheticClickstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _profiles = new SyntheticUserProfile[options.UserCount];
        for (int user = 1; user <= options.UserCount; user++)
        {
            _profiles[user - 1] = CreateProfile(user);
        }
    }

    public SyntheticClickstreamOptions Options => _options;

    public static string UserId(int userNumber) => "user-" + userNumber.ToString(CultureInfo.InvariantCulture);

    /// <param name="userNumber">1..UserCount.</param>
    public SyntheticUserProfile GetUserProfile(int userNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(userNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(userNumber, _options.UserCount);
        return _profiles[userNumber - 1];
    }

    /// <summary>The group (0-based) an item belongs to.</summary>
    public int GroupOf(int itemId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(itemId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(itemId, _options.CatalogItemCount);
        // Group g holds items First(g)..First(g+1)-1; search because sizes differ by one.
        int group = (int)((long)(itemId - 1) * _options.ItemGroupCount / _options.CatalogItemCount);
        while (group > 0 && FirstItem(group) > itemId) group--;
        while (group < _options.ItemGroupCount - 1 && FirstItem(group + 1) <= itemId) group++;
        return group;
    }

    /// <summary>The first and last item id of a group.</summary>
    public (int First, int Last) GroupItems(int group)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group, _options.ItemGroupCount);
        return (FirstItem(group), FirstItem(group + 1) - 1);
    }

    /// <summary>Endless stream; take as many as needed.</summary>
    public IEnumerable<ClickEvent> Generate() => Generate(long.MaxValue);

    public IEnumerable<ClickEvent> Generate(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = SplitMix64.Derived(_options.Seed, -1);
        var users = new UserActivity[_options.UserCount];
        var due = new PriorityQueue<int, (long TimestampMs, int User)>(_options.UserCount);
        for (int i = 0; i < users.Length; i++)
        {
            // Staggered first sessions, so that users are interleaved from the start.
            long firstMs = _options.StartTimestampMs + (long)(random.NextDouble() * _options.MeanTimeBetweenSessions.TotalMilliseconds);
            users[i] = new UserActivity { NextTimestampMs = firstMs };
            due.Enqueue(i, (firstMs, i));
        }

        string seedText = _options.Seed.ToString(CultureInfo.InvariantCulture);
        for (long n = 0; n < count; n++)
        {
            int index = due.Dequeue();
            var clickEvent = NextEvent(ref users[index], index, seedText + "-" + n.ToString(CultureInfo.InvariantCulture), ref random);
            due.Enqueue(index, (users[index].NextTimestampMs, index));
            yield return clickEvent;
        }
    }

    /// <summary>The user's next event; then schedules the one after it.</summary>
    private ClickEvent NextEvent(ref UserActivity user, int index, string eventId, ref SplitMix64 random)
    {
        var (itemId, type) = NextInteraction(ref user, index, ref random);
        var clickEvent = new ClickEvent(eventId, UserId(index + 1), itemId, type, user.NextTimestampMs);
        ScheduleNext(ref user, ref random);
        return clickEvent;
    }

    private (int ItemId, ClickEventType Type) NextInteraction(ref UserActivity user, int index, ref SplitMix64 random)
    {
        if (user.EventsLeftInSession == 0)
        {
            user.EventsLeftInSession = 1 + (int)random.NextExponential(_options.MeanEventsPerSession - 1);
            user.LastType = null;
        }
        user.EventsLeftInSession--;

        var next = user.LastType switch
        {
            ClickEventType.View when random.NextDouble() < _options.ClickAfterView => ClickEventType.Click,
            ClickEventType.Click when random.NextDouble() < _options.CartAfterClick => ClickEventType.Cart,
            ClickEventType.Cart when random.NextDouble() < _options.PurchaseAfterCart => ClickEventType.Purchase,
            _ => ClickEventType.View,
        };
        if (next == ClickEventType.View) user.LastItem = PickItem(_profiles[index], ref random);
        user.LastType = next;
        return (user.LastItem, next);
    }

    private void ScheduleNext(ref UserActivity user, ref SplitMix64 random)
    {
        var gap = user.EventsLeftInSession > 0 ? _options.MeanTimeBetweenEvents : _options.MeanTimeBetweenSessions;
        user.NextTimestampMs += 1 + (long)random.NextExponential(gap.TotalMilliseconds);
    }

    private int PickItem(SyntheticUserProfile profile, ref SplitMix64 random)
    {
        int group;
        if (random.NextDouble() < _options.PreferredGroupShare)
        {
            double pick = random.NextDouble();
            int choice = 0;
            while (choice < profile.GroupWeights.Count - 1 && pick >= profile.GroupWeights[choice])
            {
                pick -= profile.GroupWeights[choice];
                choice++;
            }
            group = profile.PreferredGroups[choice];
        }
        else
        {
            group = random.NextInt(_options.ItemGroupCount);
        }

        var (first, last) = GroupItems(group);
        double[] cumulative = ZipfCumulative(last - first + 1);
        int rank = Array.BinarySearch(cumulative, random.NextDouble());
        if (rank < 0) rank = ~rank;
        return first + Math.Min(rank, cumulative.Length - 1);
    }

    private SyntheticUserProfile CreateProfile(int userNumber)
    {
        var random = SplitMix64.Derived(_options.Seed, userNumber);
        int groupCount = Math.Min(1 + random.NextInt(3), _options.ItemGroupCount);
        var groups = new List<int>(groupCount);
        while (groups.Count < groupCount)
        {
            int group = random.NextInt(_options.ItemGroupCount);
            if (!groups.Contains(group)) groups.Add(group);
        }
        // Interest falls off by half per group: 1, 0.5, 0.25, normalised.
        double[] weights = Enumerable.Range(0, groupCount).Select(i => Math.Pow(0.5, i)).ToArray();
        double total = weights.Sum();
        return new SyntheticUserProfile(UserId(userNumber), groups, weights.Select(w => w / total).ToArray());
    }

    private int FirstItem(int group) => 1 + (int)((long)group * _options.CatalogItemCount / _options.ItemGroupCount);

    private double[] ZipfCumulative(int size)
    {
        if (_zipfCumulativeBySize.TryGetValue(size, out var cached)) return cached;
        var cumulative = new double[size];
        double sum = 0;
        for (int rank = 0; rank < size; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, _options.ZipfExponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < size; rank++) cumulative[rank] /= sum;
        _zipfCumulativeBySize[size] = cumulative;
        return cumulative;
    }

    private struct UserActivity
    {
        public long NextTimestampMs;
        public int EventsLeftInSession;
        public ClickEventType? LastType;
        public int LastItem;
    }
}
