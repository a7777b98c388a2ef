namespace Interest.ModelRegistry;

/// <summary>
/// One published version (its manifest): what the model file's metadata says, when it was published, and the size and
/// SHA-256 (lower-case hex) of <c>&lt;registry&gt;/&lt;version&gt;.model</c>.
/// </summary>
public sealed record RegisteredModel(
    string Version,
    int ItemCount,
    int EmbeddingSize,
    int HiddenSize,
    DateTimeOffset CreatedAt,
    DateTimeOffset PublishedAt,
    IReadOnlyDictionary<string, double>? TrainingMetrics,
    long SizeBytes,
    string Sha256);
