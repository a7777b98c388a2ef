using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Interest.Cluster.Tests.Fixtures;
using Interest.Testing;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class TracingTests(ProductionCluster shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_posted_event_is_one_trace_from_the_request_through_kafka_the_grain_and_inference_to_the_store()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var spans = new TraceRecorder(traceId);
        const string user = "traced-user-1";

        using var request = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = JsonContent.Create(new { userId = user, itemId = 31, type = "click" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        Assert.Equal(HttpStatusCode.Accepted, (await shared.Http.SendAsync(request)).StatusCode);
        await Eventually.Until(() => shared.Http.GetFromJsonAsync<JsonElement>($"/users/{user}/recommendations?k=5"),
            json => json.GetProperty("eventCount").GetInt64() == 1, Timeout, "the traced event to be applied");

        string[] expected = ["POST /events", "clickstream-production publish", "clickstream process", "IUserGrain/ApplyEvents",
            "inference step", "user state write", "recommendation store write"];
        var recorded = await Eventually.Until(() => Task.FromResult(spans.Recorded),
            all => expected.All(name => all.Any(span => span.DisplayName.Contains(name, StringComparison.Ordinal))),
            Timeout, $"spans {string.Join(", ", expected)} in trace {traceId}");

        // One tree: every span's parent is the caller's span or another span of the trace.
        var ids = recorded.Select(span => span.SpanId).ToHashSet();
        foreach (var span in recorded)
        {
            Assert.True(span.ParentSpanId == callerSpan || ids.Contains(span.ParentSpanId),
                $"span '{span.DisplayName}' ({span.Source.Name}) hangs off {span.ParentSpanId}, outside the trace: {Describe(recorded)}");
        }
        var publish = recorded.Single(span => span.DisplayName == "clickstream-production publish");
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        var process = recorded.First(span => span.DisplayName == "clickstream process");
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        var step = recorded.First(span => span.DisplayName == "inference step");
        Assert.True(IsBelow(step, process, recorded), $"the inference step is not under the process span: {Describe(recorded)}");
        Assert.Equal("untrained-seed-7", step.GetTagItem("interest.model.version"));
    }

    [Fact]
    public async Task Events_posted_without_trace_context_still_start_a_trace_at_the_web_tier()
    {
        using var spans = new TraceRecorder(null);
        const string user = "traced-user-2";
        Assert.Equal(HttpStatusCode.Accepted, (await shared.Http.PostAsJsonAsync("/events", new { userId = user, itemId = 32, type = "view" })).StatusCode);
        var recorded = await Eventually.Until(() => Task.FromResult(spans.Recorded),
            all => all.Any(span => span.DisplayName == "clickstream process" && (string?)span.GetTagItem("interest.user.id") == user),
            Timeout, "the consumer to continue the trace the web tier started");
        var process = recorded.First(span => span.DisplayName == "clickstream process" && (string?)span.GetTagItem("interest.user.id") == user);
        Assert.Contains(recorded, span => span.TraceId == process.TraceId && span.DisplayName.StartsWith("POST /events", StringComparison.Ordinal));
    }

    private static bool IsBelow(Activity span, Activity ancestor, IReadOnlyList<Activity> all)
    {
        var bySpan = all.GroupBy(a => a.SpanId).ToDictionary(g => g.Key, g => g.First());
        for (var current = span; bySpan.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId) return true;
        }
        return false;
    }

    private static string Describe(IEnumerable<Activity> spans) =>
        string.Join("; ", spans.Select(s => $"{s.DisplayName} [{s.Source.Name}] {s.SpanId} <- {s.ParentSpanId}"));

    /// <summary>Every span this process records while it lives, of one trace or of all.</summary>
    private sealed class TraceRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _stopped = new();

        public TraceRecorder(ActivityTraceId? traceId)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name.StartsWith("Interest.", StringComparison.Ordinal)
                    || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) || source.Name == "Microsoft.AspNetCore",
                // Records only what the hosts' own sampling already traces (this listener adds no traces of its own).
                Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                    options.Parent != default && (traceId is null || options.Parent.TraceId == traceId)
                        ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
                ActivityStopped = activity =>
                {
                    if (traceId is null || activity.TraceId == traceId) _stopped.Enqueue(activity);
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Recorded => [.. _stopped];

        public void Dispose() => _listener.Dispose();
    }
}
