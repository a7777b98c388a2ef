using System.Diagnostics;

namespace Interest.RecommendationStore;

/// <summary>Spans of the recommendation store's writes, on the source <see cref="SourceName"/>.</summary>
public static class RecommendationStoreTracing
{
    public const string SourceName = "Interest.RecommendationStore";

    internal static readonly ActivitySource Source = new(SourceName);
}
