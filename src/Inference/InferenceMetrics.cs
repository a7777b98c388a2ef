using System.Diagnostics.Metrics;

namespace Interest.Inference;

/// <summary>The engine's instruments on the meter <see cref="MeterName"/>.</summary>
public sealed class InferenceMetrics
{
    public const string MeterName = "Interest.Inference";
    public const string BatchSizeInstrument = "interest.inference.batch_size";
    public const string BatchDurationInstrument = "interest.inference.batch_duration";
    public const string RequestsInstrument = "interest.inference.requests";

    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> batchDuration;
    private readonly Counter<long> requests;

    internal InferenceMetrics(Meter meter)
    {
        batchSize = meter.CreateHistogram<int>(BatchSizeInstrument, unit: "{request}", description: "Requests computed together in one batch.");
        batchDuration = meter.CreateHistogram<double>(BatchDurationInstrument, unit: "ms", description: "Time to compute one batch.");
        requests = meter.CreateCounter<long>(RequestsInstrument, unit: "{request}", description: "Inference requests computed.");
    }

    internal void RecordBatch(int size, TimeSpan duration)
    {
        batchSize.Record(size);
        batchDuration.Record(duration.TotalMilliseconds);
        requests.Add(size);
    }
}
