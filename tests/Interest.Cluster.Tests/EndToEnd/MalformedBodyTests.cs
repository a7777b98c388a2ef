using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Interest.Abstractions;
using Interest.Cluster.Tests.Fixtures;
using Interest.Testing;

namespace Interest.Cluster.Tests.EndToEnd;

/// <summary>
/// Bodies that no HttpClient would send, written byte for byte to the web tier's socket: each is the client's fault
/// and gets a 400 problem, never a 500, and nothing reaches Kafka.
/// </summary>
[Collection(ProductionClusterCollection.Name)]
public sealed class MalformedBodyTests(ProductionCluster shared)
{
    [Fact]
    public async Task A_repeated_key_is_a_400_problem_and_produces_nothing()
    {
        string body = """{"userId":"repeated-key-a","userId":"repeated-key-b","itemId":3,"type":"view"}""";
        var (status, contentType, problem) = await SendAsync(
            $"POST /events HTTP/1.1\r\nHost: test\r\nX-Api-Key: {ProductionCluster.ApiKey}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

        AssertBadRequestProblem(status, contentType, problem, "invalid-json");
        Assert.Contains("userId", problem);
        await AssertNothingProducedFor("repeated-key-a", "repeated-key-b");
    }

    [Theory]
    [InlineData("zz\r\n{\"userId\":\"broken-chunk-size\",\"itemId\":3,\"type\":\"view\"}\r\n0\r\n\r\n")]
    [InlineData("5\r\n{\"userId\":\"broken-chunk-end\",\"itemId\":3,\"type\":\"view\"}\r\n0\r\n\r\n")]
    public async Task A_malformed_chunked_body_is_a_400_problem_and_produces_nothing(string chunks)
    {
        var (status, contentType, problem) = await SendAsync(
            $"POST /events HTTP/1.1\r\nHost: test\r\nX-Api-Key: {ProductionCluster.ApiKey}\r\nContent-Type: application/json\r\n" +
            $"Transfer-Encoding: chunked\r\n\r\n{chunks}");

        AssertBadRequestProblem(status, contentType, problem, "invalid-body");
        await AssertNothingProducedFor("broken-chunk-size", "broken-chunk-end");
    }

    [Fact]
    public async Task A_chunked_body_cut_off_by_the_client_gets_no_server_error_and_produces_nothing()
    {
        // The client closes its side mid-chunk: there is nobody left to read an answer, and Kestrel may send none or
        // reset the connection; what it must not do is treat it as a server fault or produce the half event.
        var (status, _, _) = await SendAsync(
            $"POST /events HTTP/1.1\r\nHost: test\r\nX-Api-Key: {ProductionCluster.ApiKey}\r\nContent-Type: application/json\r\n" +
            "Transfer-Encoding: chunked\r\n\r\n40\r\n{\"userId\":\"cut-off-chunk\",\"itemId\":3,", closeAfterSending: true);

        Assert.True(status is null or 400, $"status {status}");
        await AssertNothingProducedFor("cut-off-chunk");
    }

    private static void AssertBadRequestProblem(int? status, string? contentType, string body, string code)
    {
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    /// <summary>A good event posted after the bad ones is applied; by then the bad ones would have been too.</summary>
    private async Task AssertNothingProducedFor(params string[] users)
    {
        string sentinel = $"malformed-sentinel-{Guid.NewGuid():N}";
        var accepted = await shared.Http.PostAsync("/events",
            new StringContent($$"""{"userId":"{{sentinel}}","itemId":3,"type":"view"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);
        await Eventually.Until(shared.Grains.GetGrain<IUserGrain>(sentinel).GetState, s => s.EventCount == 1, TimeSpan.FromSeconds(60), sentinel);
        await Task.Delay(500);
        foreach (string user in users)
        {
            Assert.Equal(0, (await shared.Grains.GetGrain<IUserGrain>(user).GetState()).EventCount);
        }
    }

    /// <summary>Writes the request as is and reads the answer until the server closes: (status, content type, body).</summary>
    private async Task<(int? Status, string? ContentType, string Body)> SendAsync(string request, bool closeAfterSending = false)
    {
        var address = new Uri(ProductionCluster.AddressOf(shared.Web));
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        if (closeAfterSending) client.Client.Shutdown(SocketShutdown.Send);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (IsComplete(received.ToArray())) break;
            }
        }
        catch (IOException e) when (closeAfterSending && e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // A server may drop a connection whose client gave up mid-request: no answer, which is no server error.
        }
        var (status, contentType, body, _) = Parse(Encoding.Latin1.GetString(received.ToArray()));
        return (status, contentType, body);
    }

    private static bool IsComplete(byte[] response)
    {
        string text = Encoding.Latin1.GetString(response);
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        string head = text[..end];
        return head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)
            ? text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)
            : Parse(text).ContentLength is { } length && text.Length - end - 4 >= length;
    }

    /// <summary>The response as Latin-1 text (one char a byte, so chunk sizes count right); the body decoded as UTF-8.</summary>
    private static (int? Status, string? ContentType, string Body, int? ContentLength) Parse(string response)
    {
        int end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return (null, null, "", null);
        string[] head = response[..end].Split("\r\n");
        int status = int.Parse(head[0].Split(' ')[1]);
        string? Header(string name) => head.Skip(1).Select(h => h.Split(':', 2))
            .FirstOrDefault(h => h[0].Equals(name, StringComparison.OrdinalIgnoreCase))?[1].Trim();
        string body = response[(end + 4)..];
        if (Header("Transfer-Encoding") == "chunked") body = Dechunk(body);
        int? contentLength = int.TryParse(Header("Content-Length"), out int length) ? length : null;
        return (status, Header("Content-Type")?.Split(';')[0], Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(body)), contentLength);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        int position = 0;
        while (true)
        {
            int lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0) return body.ToString();
            int size = Convert.ToInt32(chunked[position..lineEnd], 16);
            if (size == 0) return body.ToString();
            body.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
