using System.Diagnostics;
using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>A validated request waiting in the batcher's queue, with the task its caller awaits.</summary>
internal sealed class PendingInference(InferenceRequest request, ServedModel model, CancellationToken cancellationToken) : IDisposable
{
    private CancellationTokenRegistration _cancellation;

    public InferenceRequest Request { get; } = request;

    /// <summary>The version that computes the request, chosen when it was queued.</summary>
    public ServedModel Model { get; } = model;

    /// <summary>When the caller handed the request over (a <see cref="Stopwatch"/> timestamp).</summary>
    public long EnqueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>The caller's span when it is traced, else default (<see cref="InferenceTracing"/>).</summary>
    public ActivityContext TraceParent { get; } = InferenceTracing.CaptureCaller();

    public TaskCompletionSource<InferenceResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A caller that gave up is answered at once; the batcher skips the request if it has not started on it.</summary>
    public void ObserveCancellation()
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static state =>
            {
                var pending = (PendingInference)state!;
                pending.Completion.TrySetCanceled(pending.CancellationToken);
            }, this);
        }
    }

    public CancellationToken CancellationToken => cancellationToken;

    public bool IsAnswered => Completion.Task.IsCompleted;

    public void Complete(InferenceResult result)
    {
        Completion.TrySetResult(result);
        Dispose();
    }

    public void Fail(Exception exception)
    {
        Completion.TrySetException(exception);
        Dispose();
    }

    public void Dispose() => _cancellation.Dispose();
}
