using Interest.Abstractions;

namespace Interest.Web.Api;

/// <summary>The body of GET /items/{id}/similar.</summary>
public sealed record SimilarItems(int ItemId, ScoredItem[] Items);
