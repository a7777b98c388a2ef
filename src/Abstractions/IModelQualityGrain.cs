namespace Interest.Abstractions;

/// <summary>
/// The online quality of one model version (the key) over the whole cluster: every silo adds what its user grains
/// measured (<see cref="OnlineQualityTotals"/>) every few seconds.
/// </summary>
[Alias("interest.IModelQualityGrain")]
public interface IModelQualityGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(OnlineQualityTotals measured);

    [Alias("Get")]
    Task<OnlineQualityTotals> Get();
}

/// <summary>
/// Applied events whose user had a personalised list, how many of their items were in the served top 10, and the
/// sum of their NDCG@10 gains (1/log2(rank+1)).
/// </summary>
[GenerateSerializer, Immutable, Alias("interest.OnlineQualityTotals")]
public sealed record OnlineQualityTotals(
    [property: Id(0)] long Events,
    [property: Id(1)] long Hits,
    [property: Id(2)] double Gain)
{
    public static OnlineQualityTotals None { get; } = new(0, 0, 0);

    /// <summary>Online HR@10: hits per event; null before any event.</summary>
    public double? HitRate => Events == 0 ? null : (double)Hits / Events;

    /// <summary>Online NDCG@10: gain per event; null before any event.</summary>
    public double? Ndcg => Events == 0 ? null : Gain / Events;

    public OnlineQualityTotals Plus(OnlineQualityTotals other) => new(Events + other.Events, Hits + other.Hits, Gain + other.Gain);
}
