namespace Interest.Abstractions;

[GenerateSerializer, Immutable, Alias("interest.ScoredItem")]
public readonly record struct ScoredItem([property: Id(0)] int ItemId, [property: Id(1)] float Score);
