using System.Diagnostics.Metrics;

namespace Interest.Inference;

/// <summary>The engine's instruments on the meter <see cref="MeterName"/>.</summary>
public sealed class InferenceMetrics
{
    public const string MeterName = "Interest.Inference";
    public const string BatchSizeInstrument = "interest.inference.batch_size";
    public const string BatchDurationInstrument = "interest.inference.batch_duration";
    public const string RequestsInstrument = "interest.inference.requests";

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;
    private readonly Counter<long> _requests;

    internal InferenceMetrics(Meter meter)
    {
        _batchSize = meter.CreateHistogram<int>(BatchSizeInstrument, unit: "{request}", description: "Requests computed together in one batch.");
        _batchDuration = meter.CreateHistogram<double>(BatchDurationInstrument, unit: "ms", description: "Time to compute one batch.");
        _requests = meter.CreateCounter<long>(RequestsInstrument, unit: "{request}", description: "Inference requests computed.");
    }

    internal void RecordBatch(int size, TimeSpan duration)
    {
        _batchSize.Record(size);
        _batchDuration.Record(duration.TotalMilliseconds);
        _requests.Add(size);
    }
}
