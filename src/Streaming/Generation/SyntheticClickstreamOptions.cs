using Interest.Streaming.Codec;

namespace Interest.Streaming.Generation;

/// <summary>Parameters of <see cref="SyntheticClickstream"/>; the model is described in docs/CLICKSTREAM.md.</summary>
public sealed class SyntheticClickstreamOptions
{
    public long Seed { get; set; } = 1;

    /// <summary>Users "user-1" .. "user-{UserCount}".</summary>
    public int UserCount { get; set; } = 1000;

    /// <summary>The catalogue of the model trained on the repository's data set (docs/model-metrics.json).</summary>
    public const int DefaultCatalogItemCount = 23715;

    /// <summary>Item ids 1..this: a producer setting, which should not exceed the served model's catalogue.</summary>
    public int CatalogItemCount { get; set; } = DefaultCatalogItemCount;

    /// <summary>The catalogue is split into this many contiguous groups of items (the latent interests).</summary>
    public int ItemGroupCount { get; set; } = 40;

    /// <summary>Zipf exponent of item popularity within a group: the group's first item is the most popular.</summary>
    public double ZipfExponent { get; set; } = 1.1;

    /// <summary>Probability that a new item comes from one of the user's preferred groups rather than any group.</summary>
    public double PreferredGroupShare { get; set; } = 0.85;

    public double MeanEventsPerSession { get; set; } = 12;

    public TimeSpan MeanTimeBetweenEvents { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan MeanTimeBetweenSessions { get; set; } = TimeSpan.FromHours(2);

    public double ClickAfterView { get; set; } = 0.35;

    public double CartAfterClick { get; set; } = 0.3;

    public double PurchaseAfterCart { get; set; } = 0.4;

    /// <summary>Simulated time of the first events (default 2025-01-01T00:00:00Z).</summary>
    public long StartTimestampMs { get; set; } = 1_735_689_600_000;

    public void Validate()
    {
        static void Require(bool condition, string message)
        {
            if (!condition) throw new InvalidOperationException(message);
        }
        Require(UserCount >= 1, "UserCount must be at least 1.");
        Require(CatalogItemCount >= 1, "CatalogItemCount must be at least 1.");
        Require(ItemGroupCount >= 1 && ItemGroupCount <= CatalogItemCount, "ItemGroupCount must be 1..CatalogItemCount.");
        Require(ZipfExponent >= 0, "ZipfExponent must not be negative.");
        Require(PreferredGroupShare is >= 0 and <= 1, "PreferredGroupShare must be 0..1.");
        Require(MeanEventsPerSession >= 1, "MeanEventsPerSession must be at least 1.");
        Require(MeanTimeBetweenEvents > TimeSpan.Zero && MeanTimeBetweenSessions > TimeSpan.Zero, "Mean times must be positive.");
        Require(ClickAfterView is >= 0 and <= 1 && CartAfterClick is >= 0 and <= 1 && PurchaseAfterCart is >= 0 and <= 1, "Funnel probabilities must be 0..1.");
        Require(StartTimestampMs >= ClickEventJson.MinTimestampMs, "StartTimestampMs must not be before 2000-01-01.");
    }
}
