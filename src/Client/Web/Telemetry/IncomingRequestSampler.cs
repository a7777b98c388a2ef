using OpenTelemetry.Trace;

namespace Interest.Web.Telemetry;

/// <summary>
/// The root sampler under <see cref="ParentBasedSampler"/>: a trace may start only at an incoming HTTP request (a share
/// <see cref="Ratio"/> of them, by trace id), never at background work such as a silo's grain calls for an untraced
/// stream, which would cost a span per call at ingestion rates. Spans with a parent follow the parent's decision.
/// </summary>
public sealed class IncomingRequestSampler(double ratio) : Sampler
{
    /// <summary>The activity ASP.NET Core starts for each request.</summary>
    public const string RequestActivityName = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private readonly TraceIdRatioBasedSampler _ratio = new(ratio);

    public double Ratio { get; } = ratio;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Name == RequestActivityName
            ? _ratio.ShouldSample(samplingParameters)
            : new SamplingResult(SamplingDecision.Drop);
}
