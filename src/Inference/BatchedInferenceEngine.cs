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
    private readonly InferenceOptions _options;
    private readonly ILogger _logger;
    private readonly Device _device;
    private readonly Channel<PendingInference> _queue;
    private readonly Thread _batcher;
    private readonly TaskCompletionSource _batcherStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BatchCounters _counters = new();
    private readonly InferenceMetrics _metrics;
    private readonly Meter? _ownedMeter;
    private readonly long _maxBatchWaitTicks;
    private readonly Action? _afterEachBatch;

    // Serialises every use of the models: the batcher's batches, the read-only queries, a rollout's swap and disposal.
    private readonly Lock _modelLock = new();
    // Replaced whole by Serve, read without the lock by callers that only pick a version.
    private volatile ServingSet _serving;
    private int _disposed;

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
        _options = options.Value;
        _logger = logger;
        _afterEachBatch = afterEachBatch;
        var validation = new InferenceOptionsValidator().Validate(null, _options);
        if (validation.Failed) throw new OptionsValidationException(nameof(InferenceOptions), typeof(InferenceOptions), validation.Failures);

        if (_options.TorchThreads > 0) set_num_threads(_options.TorchThreads);
        _device = TorchDevices.Resolve(_options.Device);
        InferenceLog.DeviceSelected(logger, TorchDevices.Describe(_device), _options.Device);

        ServedModel initial;
        if (_options.ModelPath is { } modelPath)
        {
            initial = ServedModel.FromFile(modelPath, _device);
            InferenceLog.ModelLoaded(logger, initial.Version, initial.Description.Source, initial.Description.ItemCount,
                initial.Description.EmbeddingSize, initial.Description.HiddenSize);
        }
        else
        {
            initial = ServedModel.Untrained(_options, _device);
            InferenceLog.ServingUntrainedModel(logger, _options.Seed, _options.ItemCount);
        }
        if (initial.TransitionPrior is { } prior) InferenceLog.TransitionPriorLoaded(logger, prior.Transitions.PairCount, prior.Weight);
        _serving = new ServingSet(initial, null, 0);

        _maxBatchWaitTicks = (long)(_options.MaxBatchWaitMs * Stopwatch.Frequency / 1000.0);
        _queue = Channel.CreateBounded<PendingInference>(new BoundedChannelOptions(Math.Max(1024, _options.MaxBatchSize * 16))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false, // the batcher abandons timed-out waits and starts new ones, so waits can overlap
            SingleWriter = false,
        });
        if (meterFactory is null) _ownedMeter = new Meter(InferenceMetrics.MeterName);
        _metrics = new InferenceMetrics(meterFactory?.Create(InferenceMetrics.MeterName) ?? _ownedMeter!, () => _queue.Reader.Count);
        _batcher = new Thread(RunBatcher) { IsBackground = true, Name = "interest-inference-batcher" };
        _batcher.Start();
    }

    public ModelDescription Description => _serving.Current.Description;

    public ServedModels Served => _serving.Served;

    /// <summary>The batcher's Linux thread id once it has started (0 before, and elsewhere than on Linux).</summary>
    internal int BatcherThreadId { get; private set; }

    public BatchStatistics Statistics => _counters.Snapshot();

    public async Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = _serving.Resolve(request.ModelVersion);
        var description = model.Description;
        InferenceRequestValidator.Validate(request, description.ItemCount, description.EmbeddingSize, description.HiddenSize);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var pending = new PendingInference(request, model, cancellationToken);
        pending.ObserveCancellation();
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
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
        ValidateK(k);
        lock (_modelLock)
        {
            ThrowIfDisposed();
            var model = _serving.Current.Model;
            InferenceRequestValidator.ValidateStateVector(hidden, nameof(hidden), model.HiddenSize);
            InferenceRequestValidator.ValidateStateVector(longTerm, nameof(longTerm), model.EmbeddingSize);
            bool hasShortTerm = hidden.Length > 0 && !ItemRanking.IsAllZero(hidden);
            bool hasLongTerm = longTerm.Length > 0 && !ItemRanking.IsAllZero(longTerm);
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
        ValidateK(k);
        lock (_modelLock)
        {
            ThrowIfDisposed();
            var current = _serving.Current;
            if (itemId < 1 || itemId > current.Description.ItemCount)
            {
                throw new ArgumentOutOfRangeException(nameof(itemId), itemId, $"Item ids run from 1 to {current.Description.ItemCount}.");
            }
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var similarity = current.UnitItemEmbeddings.matmul(current.UnitItemEmbeddings[itemId]).unsqueeze(0);
            ItemRanking.Mask(similarity, [0L], [itemId]);
            return ItemRanking.Top(similarity, k)[0];
        }
    }

    public ScoredItem[] PopularItems(int k)
    {
        ValidateK(k);
        return _serving.Current.Popularity.Top(k);
    }

    /// <inheritdoc />
    /// <remarks>Uses the served model under the engine's lock, so it waits for a running batch.</remarks>
    public EncodedSequence EncodeSequence(int[] itemIds, ClickEventType[] eventTypes, int[] excludeItemIds, int topK, string? modelVersion = null)
    {
        lock (_modelLock)
        {
            ThrowIfDisposed();
            var model = _serving.Resolve(modelVersion ?? "");
            return SequenceEncoder.Encode(model.Model, itemIds, eventTypes, excludeItemIds, topK, model.TransitionPrior);
        }
    }

    /// <inheritdoc />
    public ServedModel? Find(string version) => _serving.Models.FirstOrDefault(model => model.Version == version);

    /// <inheritdoc />
    public ServedModel Load(string path)
    {
        ThrowIfDisposed();
        return ServedModel.FromFile(path, _device);
    }

    /// <inheritdoc />
    public void Serve(ServedModel current, ServedModel? candidate, double canaryShare)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (candidate is not null && candidate.Version == current.Version)
        {
            throw new ArgumentException($"The candidate is the current version '{current.Version}'.", nameof(candidate));
        }
        if (!(canaryShare >= 0 && canaryShare <= 1)) throw new ArgumentOutOfRangeException(nameof(canaryShare), canaryShare, "The canary share runs from 0 to 1.");
        lock (_modelLock)
        {
            ThrowIfDisposed();
            var previous = _serving;
            // Between batches: the batcher computes under this lock, so no batch sees a model disposed under it.
            _serving = new ServingSet(current, candidate, candidate is null ? 0 : canaryShare);
            foreach (var model in previous.Models)
            {
                if (model != current && model != candidate)
                {
                    model.Retired = true;
                    model.Dispose();
                }
            }
        }
        InferenceLog.Serving(_logger, current.Version, candidate?.Version ?? "none", candidate is null ? 0 : canaryShare);
    }

    /// <summary>Stops taking requests, finishes the queued ones, then frees the models.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        await _batcherStopped.Task.ConfigureAwait(false);
        lock (_modelLock)
        {
            foreach (var model in _serving.Models)
            {
                model.Retired = true;
                model.Dispose();
            }
        }
        _ownedMeter?.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void RunBatcher()
    {
        var priority = new BatcherThreadPriority(_options, _logger);
        BatcherThreadId = priority.ThreadId;
        var batch = new List<PendingInference>(_options.MaxBatchSize);
        var reader = _queue.Reader;
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
            var totals = _counters.Snapshot();
            InferenceLog.BatcherStopped(_logger, totals.Batches, totals.Requests);
            _batcherStopped.TrySetResult();
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

        long deadline = Stopwatch.GetTimestamp() + _maxBatchWaitTicks;
        while (batch.Count < _options.MaxBatchSize)
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

        var model = batch[0].Model;
        if (batch.TrueForAll(pending => pending.Model == model))
        {
            ComputeGroup(batch, model);
            return;
        }
        // During a canary or a rollout a batch holds several versions: each is computed on its own model.
        foreach (var group in batch.GroupBy(pending => pending.Model))
        {
            ComputeGroup(group.ToList(), group.Key);
        }
    }

    private void ComputeGroup(List<PendingInference> batch, ServedModel model)
    {
        var requests = new InferenceRequest[batch.Count];
        long eventCount = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            requests[i] = batch[i].Request;
            eventCount += requests[i].ItemIds.Length;
        }

        long started = Stopwatch.GetTimestamp();
        foreach (var pending in batch) _metrics.RecordQueued(Stopwatch.GetElapsedTime(pending.EnqueuedAt, started));
        InferenceResult[]? results = null;
        Exception? failure = null;
        try
        {
            lock (_modelLock)
            {
                // Retired by a rollout while queued: the caller asks again for a version that is served.
                if (model.Retired) throw new ModelVersionUnavailableException(model.Version, _serving.Describe());
                results = model.Computation.Run(requests);
                _afterEachBatch?.Invoke();
            }
        }
        catch (ModelVersionUnavailableException exception)
        {
            failure = exception;
        }
        catch (Exception exception)
        {
            failure = exception;
            InferenceLog.BatchFailed(_logger, exception, batch.Count);
        }

        // Counted before the callers are answered, so that a caller sees its own batch in the statistics.
        _counters.Record(batch.Count, eventCount);
        _metrics.RecordBatch(batch.Count, Stopwatch.GetElapsedTime(started));
        if (results is not null)
        {
            foreach (var request in requests) model.Popularity.Record(request.ItemIds);
            for (int i = 0; i < batch.Count; i++) batch[i].Complete(results[i]);
        }
        else
        {
            foreach (var pending in batch) pending.Fail(failure!);
        }
        foreach (var pending in batch) InferenceTracing.RecordAnswered(pending, started, batch.Count, model.Version, failed: results is null);
    }

    private static void ValidateK(int k)
    {
        if (k < 1 || k > InterestLimits.MaxTopK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {InterestLimits.MaxTopK}.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
