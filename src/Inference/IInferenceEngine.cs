using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>The served interest model behind a dynamic batcher. Thread-safe; one instance per process.</summary>
public interface IInferenceEngine
{
    /// <summary>The current model: which version, on which device, from where.</summary>
    ModelDescription Description { get; }

    /// <summary>The current version and the canary candidate, if any.</summary>
    ServedModels Served { get; }

    /// <summary>Counters of the batcher since the engine started.</summary>
    BatchStatistics Statistics { get; }

    /// <summary>
    /// Applies the request's events to its state and ranks items. Requests from many callers are computed together;
    /// each gets its own state and items back.
    /// </summary>
    /// <exception cref="ArgumentException">The request does not fit the model (checked before batching).</exception>
    /// <exception cref="ModelVersionUnavailableException">The request names a version that is not served.</exception>
    /// <exception cref="ObjectDisposedException">The engine is shutting down.</exception>
    Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>The items the short-term state and the long-term embedding each favour on their own (top <paramref name="k"/> each).
    /// Empty vectors mean a new user; a side that is all zeros favours nothing and comes back empty.</summary>
    InterestProfile Explain(float[] hidden, float[] longTerm, int k);

    /// <summary>The <paramref name="k"/> items whose embeddings are closest (cosine) to <paramref name="itemId"/>'s, best first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The item id or k is out of range.</exception>
    ScoredItem[] SimilarItems(int itemId, int k);

    /// <summary>Items by how often they appeared in requests since the engine started (the score), ties broken by the
    /// model file's popularity; may return fewer than <paramref name="k"/> before any traffic.</summary>
    ScoredItem[] PopularItems(int k);

    /// <summary>
    /// Runs one new user's whole event sequence through the served model (and its transition term) in one pass
    /// (<see cref="SequenceEncoder"/>), the reference for checking the event-at-a-time path. Read-only; serialised with the batcher.
    /// </summary>
    /// <param name="modelVersion">A served version; null: the current one.</param>
    EncodedSequence EncodeSequence(int[] itemIds, ClickEventType[] eventTypes, int[] excludeItemIds, int topK, string? modelVersion = null);

    /// <summary>The served instance of <paramref name="version"/> (current or candidate), or null.</summary>
    ServedModel? Find(string version);

    /// <summary>Reads and checks a model file onto the engine's device without serving it yet.</summary>
    /// <exception cref="InvalidDataException">The file is corrupt, does not fit its metadata or does not compute.</exception>
    ServedModel Load(string path);

    /// <summary>
    /// Serves <paramref name="current"/> for every user and <paramref name="candidate"/> for the <paramref name="canaryShare"/>
    /// of users that <see cref="ServedModels.IsCanaryUser"/> picks. The switch happens between batches; the engine takes
    /// the models over and disposes a version it no longer serves, failing requests still queued for it with
    /// <see cref="ModelVersionUnavailableException"/>.
    /// </summary>
    void Serve(ServedModel current, ServedModel? candidate, double canaryShare);
}
