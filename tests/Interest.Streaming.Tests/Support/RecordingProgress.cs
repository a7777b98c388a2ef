using System.Collections.Concurrent;

namespace Interest.Streaming.Tests.Support;

/// <summary>Unlike Progress&lt;T&gt;, records each report synchronously on the reporting thread.</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    public ConcurrentQueue<T> Reports { get; } = new();

    public void Report(T value) => Reports.Enqueue(value);
}
