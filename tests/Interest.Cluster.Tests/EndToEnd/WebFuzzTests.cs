using System.Net;
using System.Text;
using Interest.Cluster.Tests.Fixtures;

namespace Interest.Cluster.Tests.EndToEnd;

[Collection(ProductionClusterCollection.Name)]
public sealed class WebFuzzTests(ProductionCluster shared)
{
    private static readonly string[] Fragments =
        ["", "0", "-1", "1", "7", "500", "501", "99999999999999999999", "abc", "1e3", "null", "%00", "%01", "%20", "%E2%80%AE", "%FF", "..", "💥", "\t"];

    [Fact]
    public async Task No_generated_lookup_gets_a_server_error()
    {
        var random = new Random(20261122);
        var failures = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            string url = random.Next(3) switch
            {
                0 => $"/users/{RandomSegment(random)}/recommendations?k={Pick(random)}",
                1 => $"/users/{RandomSegment(random)}/interest?k={Pick(random)}",
                _ => $"/items/{Pick(random)}{Pick(random)}/similar?k={Pick(random)}",
            };
            var response = await shared.Http.GetAsync(url);
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} GET {url}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task No_generated_event_body_gets_a_server_error()
    {
        var random = new Random(112026);
        string[] values = ["\"u1\"", "\"\"", "3", "-3", "0", "1.5", "true", "null", "[]", "{}", "\"view\"", "\"cart\"", "\"x\"", "99999999999999999999999", "1700000000000", "\"\\u0000\""];
        string[] fields = ["userId", "itemId", "type", "timestamp", "eventId", "extra"];
        var failures = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            string body = random.Next(10) == 0
                ? Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(0, 200)).Select(_ => (byte)random.Next(256)).ToArray())
                : "{" + string.Join(",", fields.Where(_ => random.Next(3) > 0).Select(f => $"\"{f}\":{values[random.Next(values.Length)]}")) + "}";
            var response = await shared.Http.PostAsync("/events", new StringContent(body, Encoding.UTF8, "application/json"));
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} POST {body}");
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{response.StatusCode} for {body}");
        }
        Assert.Empty(failures);
    }

    private static string Pick(Random random) => Fragments[random.Next(Fragments.Length)];

    private static string RandomSegment(Random random)
    {
        int length = random.Next(0, 160);
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) text.Append((char)random.Next(1, 0x3000));
        return random.Next(4) == 0 ? Pick(random) : Uri.EscapeDataString(text.ToString());
    }
}
