namespace Interest.Benchmarks.Measurement;

/// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, which posts them for later.</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
