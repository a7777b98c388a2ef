using System.Diagnostics;

namespace Interest.Grains.Users;

/// <summary>Spans of a user grain's own work, on the source <see cref="SourceName"/>; made only inside a traced update.</summary>
public static class UserGrainTracing
{
    public const string SourceName = "Interest.Grains";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartStateWrite(string userId)
    {
        if (Activity.Current is null) return null;
        var activity = Source.StartActivity("user state write", ActivityKind.Internal);
        activity?.SetTag("interest.user.id", userId);
        return activity;
    }
}
