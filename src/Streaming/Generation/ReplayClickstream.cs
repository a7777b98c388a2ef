using System.Globalization;
using Interest.Abstractions;

namespace Interest.Streaming.Generation;

/// <summary>
/// Turns interaction sequences into click events: user id "u{user}", type Click (the files carry no event types),
/// event id "replay-{user}-{i}", timestamp start + i·interval. Users are interleaved round-robin — round i holds
/// each active user's i-th interaction — so many users are active at once and each user's order is kept.
/// </summary>
public static class ReplayClickstream
{
    public static string UserId(int user) => "u" + user.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<ClickEvent> Events(IReadOnlyList<UserInteractions> users, ReplayClickstreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        options ??= new ReplayClickstreamOptions();
        if (options.Interval <= TimeSpan.Zero) throw new ArgumentException("Interval must be positive.", nameof(options));
        if (options.MaxActiveUsers < 0) throw new ArgumentException("MaxActiveUsers must not be negative.", nameof(options));
        return Interleave(users, options);
    }

    private static IEnumerable<ClickEvent> Interleave(IReadOnlyList<UserInteractions> users, ReplayClickstreamOptions options)
    {
        long intervalMs = (long)options.Interval.TotalMilliseconds;
        int limit = options.MaxActiveUsers == 0 ? int.MaxValue : options.MaxActiveUsers;
        var active = new List<Cursor>();
        int nextUser = 0;
        for (long round = 0; active.Count > 0 || nextUser < users.Count; round++)
        {
            while (active.Count < limit && nextUser < users.Count)
            {
                var joining = users[nextUser++];
                if (joining.Items.Count > 0) active.Add(new Cursor(joining, UserId(joining.User), round));
            }
            foreach (var cursor in active)
            {
                int i = cursor.Next++;
                yield return new ClickEvent(
                    $"replay-{cursor.Interactions.User.ToString(CultureInfo.InvariantCulture)}-{i.ToString(CultureInfo.InvariantCulture)}",
                    cursor.UserId,
                    cursor.Interactions.Items[i],
                    ClickEventType.Click,
                    options.StartTimestampMs + (cursor.JoinedRound + i) * intervalMs);
            }
            active.RemoveAll(cursor => cursor.Next >= cursor.Interactions.Items.Count);
        }
    }

    private sealed class Cursor(UserInteractions interactions, string userId, long joinedRound)
    {
        public UserInteractions Interactions { get; } = interactions;
        public string UserId { get; } = userId;
        public long JoinedRound { get; } = joinedRound;
        public int Next { get; set; }
    }
}
