using System.Diagnostics;
using Interest.Abstractions;
using Interest.Inference;
using static TorchSharp.torch;

namespace Interest.Benchmarks.Sections;

/// <summary>
/// The model on its own, for B users at once, on this thread, with nothing else running: no queues, no grains, no
/// Kafka. <see cref="MeasureEngine"/> times the engine's own per-batch computation (<c>BatchComputation</c>: requests
/// in, one LSTM step per event, scoring of the whole catalogue, masking, top-K, new states and ranked items out);
/// <see cref="MeasurePlain"/> times the same work written as plain TorchSharp calls, for reference. With the model file's
/// transition term, the engine's computation adds it as the silo's does.
/// </summary>
public sealed class ModelCeilingBenchmark(InterestModel model, TransitionPrior? transitionPrior, int topK)
{
    /// <summary>Items each request excludes besides its own, as a user with a full recent history does.</summary>
    private const int Exclusions = 49;

    private readonly Random _random = new(20_240_601);
    private readonly BatchComputation _computation = new(model, "ceiling", transitionPrior);

    /// <summary>
    /// The engine's computation for <paramref name="batchSize"/> users, each with <paramref name="eventsPerUpdate"/> new
    /// events: 1 for the incremental design (from a carried state), 50 from an empty state for re-encoding.
    /// </summary>
    public CeilingPoint MeasureEngine(int batchSize, int eventsPerUpdate, bool fromEmptyState, TimeSpan minimumTime, int minimumIterations)
    {
        var requests = Enumerable.Range(0, batchSize).Select(_ => RandomRequest(eventsPerUpdate, fromEmptyState)).ToArray();
        return Time(batchSize, () => GC.KeepAlive(_computation.Run(requests)), minimumTime, minimumIterations);
    }

    /// <summary>The incremental update as plain TorchSharp calls: one step, one [B, items] product, torch.topk.</summary>
    public CeilingPoint MeasurePlain(int batchSize, TimeSpan minimumTime, int minimumIterations)
    {
        var input = RandomBatch(batchSize);
        return Time(batchSize, () => RunOnce(input), minimumTime, minimumIterations);
    }

    private static CeilingPoint Time(int batchSize, Action once, TimeSpan minimumTime, int minimumIterations)
    {
        // A quarter of the timed span first, so that no point (the first of a run above all) times tier-0 code or the
        // JIT recompiling it.
        var warmUp = Stopwatch.StartNew();
        for (int calls = 0; calls < 2 || warmUp.Elapsed < minimumTime / 4; calls++) once();
        var clock = Stopwatch.StartNew();
        int iterations = 0;
        while (iterations < minimumIterations || clock.Elapsed < minimumTime)
        {
            once();
            iterations++;
        }
        clock.Stop();
        double secondsPerBatch = clock.Elapsed.TotalSeconds / iterations;
        return new CeilingPoint(batchSize, iterations, secondsPerBatch * 1000, batchSize / secondsPerBatch);
    }

    private InferenceRequest RandomRequest(int events, bool fromEmptyState)
    {
        float[] Vector(int size, float scale) => Enumerable.Range(0, size).Select(_ => (float)(_random.NextDouble() * 2 - 1) * scale).ToArray();
        int Item() => _random.Next(1, model.ItemCount + 1);
        return new InferenceRequest(
            fromEmptyState ? [] : Vector(model.HiddenSize, 0.5f),
            fromEmptyState ? [] : Vector(model.HiddenSize, 0.5f),
            fromEmptyState ? [] : Vector(model.EmbeddingSize, 0.1f),
            Enumerable.Range(0, events).Select(_ => Item()).ToArray(),
            Enumerable.Range(0, events).Select(_ => (ClickEventType)_random.Next(InterestModel.EventTypeCount)).ToArray(),
            Enumerable.Range(0, Exclusions).Select(_ => Item()).ToArray(),
            topK);
    }

    private BatchInput RandomBatch(int batchSize)
    {
        float[] Vector(int size, float scale) => Enumerable.Range(0, batchSize * size).Select(_ => (float)(_random.NextDouble() * 2 - 1) * scale).ToArray();
        return new BatchInput(
            batchSize,
            Vector(model.HiddenSize, 0.5f),
            Vector(model.HiddenSize, 0.5f),
            Vector(model.EmbeddingSize, 0.1f),
            Enumerable.Range(0, batchSize).Select(_ => (long)_random.Next(1, model.ItemCount + 1)).ToArray(),
            Enumerable.Range(0, batchSize).Select(_ => (long)_random.Next(InterestModel.EventTypeCount)).ToArray());
    }

    private void RunOnce(BatchInput input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = model.Device;
        int b = input.BatchSize;
        var state = new InterestState(
            tensor(input.Hidden, [b, model.HiddenSize], device: device),
            tensor(input.Cell, [b, model.HiddenSize], device: device),
            tensor(input.LongTerm, [b, model.EmbeddingSize], device: device));
        var items = tensor(input.Items, [b], device: device);
        var next = model.Step(state, items, tensor(input.EventTypes, [b], device: device));
        var scores = model.Score(next.Hidden, next.LongTerm);
        scores.select(1, InterestModel.PaddingItem).fill_(float.NegativeInfinity);
        scores.index_put_(float.NegativeInfinity, arange(b, dtype: ScalarType.Int64, device: device), items);
        var (values, indices) = scores.topk(topK, dim: 1, largest: true, sorted: true);
        GC.KeepAlive(next.Hidden.cpu().data<float>().ToArray());
        GC.KeepAlive(next.Cell.cpu().data<float>().ToArray());
        GC.KeepAlive(next.LongTerm.cpu().data<float>().ToArray());
        GC.KeepAlive(values.cpu().data<float>().ToArray());
        GC.KeepAlive(indices.cpu().data<long>().ToArray());
    }

    private sealed record BatchInput(int BatchSize, float[] Hidden, float[] Cell, float[] LongTerm, long[] Items, long[] EventTypes);
}

/// <param name="MillisecondsPerBatch">Mean wall time of one batch.</param>
/// <param name="UpdatesPerSecond">Users updated (one event each, re-scored and re-ranked) per second.</param>
public sealed record CeilingPoint(int BatchSize, int Iterations, double MillisecondsPerBatch, double UpdatesPerSecond);
