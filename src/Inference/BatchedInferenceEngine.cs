using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Interest.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace Interest.Inference;

/// <summary>
/// Serves the interest model with dynamic batching: requests queue in a channel; one dedicated thread takes the first,
/// gathers more until <see cref="InferenceOptions.MaxBatchSize"/> or <see cref="InferenceOptions.MaxBatchWaitMs"/> after
/// the first, and computes them as one batch. All torch work happens on that thread or under the same lock.
/// </summary>
public sealed class BatchedInferenceEngine : IInferenceEngine, IAsyncDisposable, IDisposable
{
    private readonly InferenceOptions options;
    private readonly ILogger logger;
    private readonly InterestModel model;
    private readonly ModelMetadata? fileMetadata;
    private readonly BatchComputation computation;
    private readonly TransitionPrior? transitionPrior;
    private readonly Tensor unitItemEmbeddings;
    private readonly Channel<PendingInference> queue;
    private readonly Thread batcher;
    private readonly TaskCompletionSource batcherStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BatchCounters counters = new();
    private readonly ItemPopularity popularity;
    private readonly InferenceMetrics metrics;
    private readonly Meter? ownedMeter;
    private readonly long maxBatchWaitTicks;
    private readonly Action? afterEachBatch;

    // Serialises every use of the model: the batcher's batches, the read-only queries and disposal.
    private readonly Lock modelLock = new();
    private int disposed;

    public BatchedInferenceEngine(IOptions<InferenceOptions> options, ILogger<BatchedInferenceEngine> logger, IMeterFactory? meterFactory = null)
        : this(options, logger, meterFactory, afterEachBatch: null)
    {
    }

    /// <param name="afterEachBatch">
    /// Runs on the batcher thread after each batch's computation, under the model lock and inside the batch's timing:
    /// tests hold the batcher with it, as a slow device would.
    /// </param>
    internal BatchedInferenceEngine(IOptions<InferenceOptions> options, ILogger<BatchedInferenceEngine> logger, IMeterFactory? meterFactory, Action? afterEachBatch)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options.Value;
        this.logger = logger;
        this.afterEachBatch = afterEachBatch;
        var validation = new InferenceOptionsValidator().Validate(null, this.options);
        if (validation.Failed) throw new OptionsValidationException(nameof(InferenceOptions), typeof(InferenceOptions), validation.Failures);

        if (this.options.TorchThreads > 0) set_num_threads(this.options.TorchThreads);
        var device = TorchDevices.Resolve(this.options.Device);
        InferenceLog.DeviceSelected(logger, TorchDevices.Describe(device), this.options.Device);

        string version;
        string source;
        if (this.options.ModelPath is { } modelPath)
        {
            (model, fileMetadata) = ModelFile.Load(modelPath, device);
            version = fileMetadata.Version;
            source = Path.GetFullPath(modelPath);
            InferenceLog.ModelLoaded(logger, version, source, model.ItemCount, model.EmbeddingSize, model.HiddenSize);
        }
        else
        {
            model = new InterestModel(this.options.ItemCount, this.options.EmbeddingSize, this.options.HiddenSize, this.options.Seed, device);
            version = $"untrained-seed-{this.options.Seed}";
            source = $"fresh (untrained, seed {this.options.Seed})";
            InferenceLog.ServingUntrainedModel(logger, this.options.Seed, this.options.ItemCount);
        }
        model.eval();

        Description = new ModelDescription(version, model.ItemCount, model.EmbeddingSize, model.HiddenSize, TorchDevices.Describe(device), source);
        transitionPrior = fileMetadata is null ? null : TransitionPrior.From(fileMetadata);
        if (transitionPrior is not null) InferenceLog.TransitionPriorLoaded(logger, transitionPrior.Transitions.PairCount, transitionPrior.Weight);
        computation = new BatchComputation(model, version, transitionPrior);
        popularity = new ItemPopularity(model.ItemCount, fileMetadata?.ItemPopularity);
        using (no_grad())
        {
            unitItemEmbeddings = nn.functional.normalize(model.ItemEmbeddings, p: 2, dim: 1).DetachFromDisposeScope();
        }

        if (meterFactory is null) ownedMeter = new Meter(InferenceMetrics.MeterName);
        metrics = new InferenceMetrics(meterFactory?.Create(InferenceMetrics.MeterName) ?? ownedMeter!);

        maxBatchWaitTicks = (long)(this.options.MaxBatchWaitMs * Stopwatch.Frequency / 1000.0);
        queue = Channel.CreateBounded<PendingInference>(new BoundedChannelOptions(Math.Max(1024, this.options.MaxBatchSize * 16))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false, // the batcher abandons timed-out waits and starts new ones, so waits can overlap
            SingleWriter = false,
        });
        batcher = new Thread(RunBatcher) { IsBackground = true, Name = "interest-inference-batcher" };
        batcher.Start();
    }

    public ModelDescription Description { get; }

    /// <summary>The batcher's Linux thread id once it has started (0 before, and elsewhere than on Linux).</summary>
    internal int BatcherThreadId { get; private set; }

    public BatchStatistics Statistics => counters.Snapshot();

    public async Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        InferenceRequestValidator.Validate(request, model.ItemCount, model.EmbeddingSize, model.HiddenSize);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);

        var pending = new PendingInference(request, cancellationToken);
        pending.ObserveCancellation();
        try
        {
            await queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            pending.Dispose();
            throw new ObjectDisposedException(nameof(BatchedInferenceEngine), "The inference engine is shutting down.");
        }
        catch
        {
            pending.Dispose();
            throw;
        }
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    public InterestProfile Explain(float[] hidden, float[] longTerm, int k)
    {
        InferenceRequestValidator.ValidateStateVector(hidden, nameof(hidden), model.HiddenSize);
        InferenceRequestValidator.ValidateStateVector(longTerm, nameof(longTerm), model.EmbeddingSize);
        ValidateK(k);

        bool hasShortTerm = hidden.Length > 0 && !ItemRanking.IsAllZero(hidden);
        bool hasLongTerm = longTerm.Length > 0 && !ItemRanking.IsAllZero(longTerm);
        lock (modelLock)
        {
            ThrowIfDisposed();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            ScoredItem[] shortTerm = [];
            ScoredItem[] longTermItems = [];
            if (hasShortTerm)
            {
                var scores = model.ShortTermScores(tensor(hidden, [1, hidden.Length], device: model.Device));
                ItemRanking.Mask(scores, [], []);
                shortTerm = ItemRanking.Top(scores, k)[0];
            }
            if (hasLongTerm)
            {
                var scores = model.LongTermScores(tensor(longTerm, [1, longTerm.Length], device: model.Device));
                ItemRanking.Mask(scores, [], []);
                longTermItems = ItemRanking.Top(scores, k)[0];
            }
            return new InterestProfile(shortTerm, longTermItems);
        }
    }

    public ScoredItem[] SimilarItems(int itemId, int k)
    {
        if (itemId < 1 || itemId > model.ItemCount)
        {
            throw new ArgumentOutOfRangeException(nameof(itemId), itemId, $"Item ids run from 1 to {model.ItemCount}.");
        }
        ValidateK(k);
        lock (modelLock)
        {
            ThrowIfDisposed();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var similarity = unitItemEmbeddings.matmul(unitItemEmbeddings[itemId]).unsqueeze(0);
            ItemRanking.Mask(similarity, [0L], [itemId]);
            return ItemRanking.Top(similarity, k)[0];
        }
    }

    public ScoredItem[] PopularItems(int k)
    {
        ValidateK(k);
        return popularity.Top(k);
    }

    /// <inheritdoc />
    /// <remarks>Uses the served model under the engine's lock, so it waits for a running batch.</remarks>
    public EncodedSequence EncodeSequence(int[] itemIds, ClickEventType[] eventTypes, int[] excludeItemIds, int topK)
    {
        lock (modelLock)
        {
            ThrowIfDisposed();
            return SequenceEncoder.Encode(model, itemIds, eventTypes, excludeItemIds, topK, transitionPrior);
        }
    }

    /// <summary>Stops taking requests, finishes the queued ones, then frees the model.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        queue.Writer.TryComplete();
        await batcherStopped.Task.ConfigureAwait(false);
        lock (modelLock)
        {
            unitItemEmbeddings.Dispose();
            model.Dispose();
        }
        ownedMeter?.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void RunBatcher()
    {
        var priority = new BatcherThreadPriority(options, logger);
        BatcherThreadId = priority.ThreadId;
        var batch = new List<PendingInference>(options.MaxBatchSize);
        var reader = queue.Reader;
        try
        {
            while (GatherBatch(reader, batch))
            {
                long computeStart = Stopwatch.GetTimestamp();
                ComputeBatch(batch);
                priority.AfterBatch(Stopwatch.GetTimestamp() - computeStart);
                batch.Clear();
            }
        }
        finally
        {
            var totals = counters.Snapshot();
            InferenceLog.BatcherStopped(logger, totals.Batches, totals.Requests);
            batcherStopped.TrySetResult();
        }
    }

    /// <summary>Blocks for the first request, then takes more until the batch is full or the wait since the first is over.
    /// False once the queue is closed and empty.</summary>
    private bool GatherBatch(ChannelReader<PendingInference> reader, List<PendingInference> batch)
    {
        PendingInference? first;
        while (!reader.TryRead(out first))
        {
            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) return false;
        }
        batch.Add(first);

        long deadline = Stopwatch.GetTimestamp() + maxBatchWaitTicks;
        while (batch.Count < options.MaxBatchSize)
        {
            if (reader.TryRead(out var next))
            {
                batch.Add(next);
                continue;
            }
            long remainingTicks = deadline - Stopwatch.GetTimestamp();
            if (remainingTicks <= 0) break;
            // Task.Wait counts whole milliseconds; rounding up keeps a sub-millisecond remainder from ending the wait early.
            int remainingMs = (int)Math.Ceiling(remainingTicks * 1000.0 / Stopwatch.Frequency);
            var arrival = reader.WaitToReadAsync().AsTask();
            if (!arrival.Wait(remainingMs) || !arrival.Result) break;
        }
        return true;
    }

    private void ComputeBatch(List<PendingInference> batch)
    {
        // Callers who cancelled while queued are already answered.
        batch.RemoveAll(pending => pending.IsAnswered);
        if (batch.Count == 0) return;

        var requests = new InferenceRequest[batch.Count];
        long eventCount = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            requests[i] = batch[i].Request;
            eventCount += requests[i].ItemIds.Length;
        }

        long started = Stopwatch.GetTimestamp();
        InferenceResult[]? results = null;
        Exception? failure = null;
        try
        {
            lock (modelLock)
            {
                results = computation.Run(requests);
                afterEachBatch?.Invoke();
            }
        }
        catch (Exception exception)
        {
            failure = exception;
            InferenceLog.BatchFailed(logger, exception, batch.Count);
        }

        // Counted before the callers are answered, so that a caller sees its own batch in the statistics.
        counters.Record(batch.Count, eventCount);
        metrics.RecordBatch(batch.Count, Stopwatch.GetElapsedTime(started));
        if (results is not null)
        {
            foreach (var request in requests) popularity.Record(request.ItemIds);
            for (int i = 0; i < batch.Count; i++) batch[i].Complete(results[i]);
        }
        else
        {
            foreach (var pending in batch) pending.Fail(failure!);
        }
    }

    private static void ValidateK(int k)
    {
        if (k < 1 || k > InterestLimits.MaxTopK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {InterestLimits.MaxTopK}.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
}
