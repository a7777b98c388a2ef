using System.Diagnostics.Metrics;

namespace Interest.Inference;

/// <summary>The engine's instruments on the meter <see cref="MeterName"/>.</summary>
public sealed class InferenceMetrics
{
    public const string MeterName = "Interest.Inference";
    public const string BatchSizeInstrument = "interest.inference.batch_size";
    public const string BatchDurationInstrument = "interest.inference.batch_duration";
    public const string RequestsInstrument = "interest.inference.requests";
    public const string QueueDepthInstrument = "interest.inference.queue_depth";
    public const string QueueDurationInstrument = "interest.inference.queue_duration";

    /// <summary>Seconds, from a fraction of a millisecond (a small batch on a GPU) to seconds (a saturated CPU).</summary>
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly int[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<double> _queueDuration;
    private readonly Counter<long> _requests;

    /// <param name="queueDepth">Requests waiting for the batcher, read when a reader collects.</param>
    internal InferenceMetrics(Meter meter, Func<int> queueDepth)
    {
        _batchSize = meter.CreateHistogram(BatchSizeInstrument, unit: "{request}", description: "Requests computed together in one batch.",
            tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizeBuckets });
        _batchDuration = meter.CreateHistogram(BatchDurationInstrument, unit: "s", description: "Time to compute one batch.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _queueDuration = meter.CreateHistogram(QueueDurationInstrument, unit: "s",
            description: "Time a request waited in the queue before its batch started.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _requests = meter.CreateCounter<long>(RequestsInstrument, unit: "{request}", description: "Inference requests computed.");
        meter.CreateObservableGauge(QueueDepthInstrument, queueDepth, unit: "{request}", description: "Requests waiting for the batcher.");
    }

    internal void RecordQueued(TimeSpan waited) => _queueDuration.Record(waited.TotalSeconds);

    internal void RecordBatch(int size, TimeSpan duration)
    {
        _batchSize.Record(size);
        _batchDuration.Record(duration.TotalSeconds);
        _requests.Add(size);
    }
}
