using System.Diagnostics;
using Interest.Web.Telemetry;
using OpenTelemetry.Trace;

namespace Interest.Web.Tests.Telemetry;

public sealed class IncomingRequestSamplerTests
{
    private static SamplingParameters Root(string name) =>
        new(default, ActivityTraceId.CreateRandom(), name, ActivityKind.Server);

    [Fact]
    public void Incoming_requests_start_traces_and_background_work_does_not()
    {
        var sampler = new IncomingRequestSampler(1.0);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(Root(IncomingRequestSampler.RequestActivityName)).Decision);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root("Interest.Abstractions.IUserGrain/ApplyEvents")).Decision);
    }

    [Fact]
    public void A_ratio_of_zero_starts_no_trace_but_a_sampled_parent_is_still_followed()
    {
        var sampler = new ParentBasedSampler(new IncomingRequestSampler(0));
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(Root(IncomingRequestSampler.RequestActivityName)).Decision);
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var child = new SamplingParameters(parent, parent.TraceId, "clickstream process", ActivityKind.Consumer);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(child).Decision);
    }
}
