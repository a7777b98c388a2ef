using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Interest.Abstractions;

namespace Interest.Web.Api;

/// <summary>One message of a user's update stream: the current list and what the user's interest looks like now.</summary>
public sealed record UserUpdate(UserRecommendations Recommendations, InterestSummary Interest);

/// <summary>
/// <c>GET /users/{id}/updates</c>: server-sent events, one <c>update</c> at once and another each time the user's
/// list changes (event count, computation time or model version). It reads the list as lookups do (the store
/// first), every <see cref="PollInterval"/>, and asks the grain for the interest only when the list has changed.
/// </summary>
public static class UserUpdates
{
    public const string EventType = "update";

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static IResult Stream(string id, int? k, RecommendationLookup lookup, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if ((ApiProblems.CheckUserId(id) ?? ApiProblems.CheckK(k)) is { } problem) return problem;
        return TypedResults.ServerSentEvents(UpdatesAsync(id, k ?? ApiProblems.DefaultK, lookup, grains, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<UserUpdate>> UpdatesAsync(string userId, int k, RecommendationLookup lookup, IGrainFactory grains,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (long, DateTimeOffset?, string)? sent = null;
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            var (recommendations, _) = await lookup.GetAsync(userId, k);
            var version = (recommendations.EventCount, recommendations.ComputedAt, recommendations.ModelVersion);
            if (sent != version)
            {
                var interest = await grains.GetGrain<IUserGrain>(userId).GetInterest(k);
                sent = version;
                yield return new SseItem<UserUpdate>(new UserUpdate(recommendations, interest), EventType);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
