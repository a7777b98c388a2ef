using System.Diagnostics;

namespace Interest.Inference;

/// <summary>
/// One span per traced request on the source <see cref="SourceName"/>: from the moment its caller queued it to the
/// moment its batch answered it, a child of the caller's span, tagged with the batch it rode in. Requests whose
/// callers are not traced cost nothing here.
/// </summary>
public static class InferenceTracing
{
    public const string SourceName = "Interest.Inference";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The caller's span, if it is traced and someone listens.</summary>
    internal static ActivityContext CaptureCaller() =>
        Activity.Current is { } current && Source.HasListeners() ? current.Context : default;

    internal static void RecordAnswered(PendingInference pending, long batchStarted, int batchSize, string modelVersion, bool failed)
    {
        if (pending.TraceParent == default) return;
        var now = DateTimeOffset.UtcNow;
        var queued = now - Stopwatch.GetElapsedTime(pending.EnqueuedAt);
        using var activity = Source.StartActivity("inference step", ActivityKind.Internal, pending.TraceParent, startTime: queued);
        if (activity is null) return;
        activity.SetTag("interest.inference.batch_size", batchSize);
        activity.SetTag("interest.inference.events", pending.Request.ItemIds.Length);
        activity.SetTag("interest.inference.queue_seconds", Stopwatch.GetElapsedTime(pending.EnqueuedAt, batchStarted).TotalSeconds);
        activity.SetTag("interest.model.version", modelVersion);
        if (failed) activity.SetStatus(ActivityStatusCode.Error);
        activity.SetEndTime(now.UtcDateTime);
    }
}
