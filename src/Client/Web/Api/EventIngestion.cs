using System.Text.Json;
using System.Text.Json.Nodes;
using Interest.Streaming.Codec;

namespace Interest.Web.Api;

internal static class EventIngestion
{
    public const int MaxBodyBytes = 64 * 1024;

    // A repeated key is refused rather than resolved: which of two userIds an event belongs to is not for the server to guess.
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    public static async Task<IResult> PostEvent(HttpRequest request, CatalogInfo catalog, IClickEventPublisher publisher, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }
        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's verdict on the framing (broken chunks, a body that ends early): the client's fault, not ours.
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? TooLarge()
                : ApiProblems.Bad("invalid-body", $"The request body could not be read: {e.Message}");
        }
        catch (IOException e)
        {
            return ApiProblems.Bad("invalid-body", $"The request body could not be read: {e.Message}");
        }
        if (body is null)
        {
            return TooLarge();
        }

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body, documentOptions: StrictJson) as JsonObject;
        }
        catch (JsonException e)
        {
            return ApiProblems.Bad("invalid-json", $"The body is not valid JSON: {e.Message}");
        }
        if (json is null)
        {
            return ApiProblems.Bad("invalid-json", "The body must be a JSON object.");
        }

        var now = clock.GetUtcNow();
        json["eventId"] ??= Guid.NewGuid().ToString("N");
        json["timestamp"] ??= now.ToUnixTimeMilliseconds();
        byte[] normalised = JsonSerializer.SerializeToUtf8Bytes(json);

        int itemCount = await catalog.GetItemCountAsync();
        var decoded = ClickEventJson.Decode(normalised, key: null, itemCount, now);
        if (decoded.Event is not { } clickEvent)
        {
            return ApiProblems.Bad(decoded.Reason ?? "invalid-event", decoded.Message ?? "The event is not valid.");
        }
        await publisher.PublishAsync(clickEvent, cancellationToken);
        return Results.Accepted(value: new EventAccepted(clickEvent.EventId));
    }

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
            detail: $"An event body is at most {MaxBodyBytes} bytes.", type: "urn:interest:problem:body-too-large");

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
