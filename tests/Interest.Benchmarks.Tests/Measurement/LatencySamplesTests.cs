using Interest.Benchmarks.Measurement;

namespace Interest.Benchmarks.Tests.Measurement;

public sealed class LatencySamplesTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var samples = new LatencySamples();
        for (int i = 100; i >= 1; i--) samples.Add(i);
        samples.AddFailure();

        var summary = samples.Summarise();

        Assert.Equal(100, summary.Samples);
        Assert.Equal(1, summary.Failures);
        Assert.Equal(50, summary.P50);
        Assert.Equal(95, summary.P95);
        Assert.Equal(99, summary.P99);
        Assert.Equal(100, summary.Max);
    }

    [Fact]
    public void No_samples_give_no_percentiles()
    {
        var summary = new LatencySamples().Summarise();

        Assert.Equal(0, summary.Samples);
        Assert.Null(summary.P99);
    }
}
