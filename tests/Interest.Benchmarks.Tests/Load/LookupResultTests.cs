using Interest.Benchmarks.Load;
using Interest.Benchmarks.Measurement;

namespace Interest.Benchmarks.Tests.Load;

public sealed class LookupResultTests
{
    private static readonly LatencySummary None = new(0, 0, null, null, null, null, null);

    [Fact]
    public void Window_P99_marks_where_the_warm_up_ends()
    {
        var result = new LookupResult(2000, 2000, None, None, 0.1, None, 1, WarmUpSeconds: 10, WindowP99: [60, 5.94, 3.5, null]);

        Assert.Equal("60 5.9 | 3.5 –", result.FormatWindowP99());
    }

    [Fact]
    public void Window_P99_without_warm_up_has_no_bar()
    {
        var result = new LookupResult(2000, 2000, None, None, 0.1, None, 1, WarmUpSeconds: 0, WindowP99: [12.4, 8]);

        Assert.Equal("12 8.0", result.FormatWindowP99());
    }
}
