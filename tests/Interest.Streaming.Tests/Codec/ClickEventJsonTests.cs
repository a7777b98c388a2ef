using System.Text;
using Interest.Abstractions;
using Interest.Streaming.Codec;

namespace Interest.Streaming.Tests.Codec;

public class ClickEventJsonTests
{
    private const int Catalog = 23715;
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly long NowMs = Now.ToUnixTimeMilliseconds();

    private static ClickEventDecodeResult Decode(string json, string? key = null, int maxBytes = KafkaOptions.DefaultMaxMessageBytes) =>
        ClickEventJson.Decode(Encoding.UTF8.GetBytes(json), key, Catalog, Now, maxBytes);

    private static string Json(string eventId = "\"e-1\"", string userId = "\"user-1\"", string itemId = "42", string type = "\"click\"", string? timestamp = null) =>
        $"{{\"eventId\":{eventId},\"userId\":{userId},\"itemId\":{itemId},\"type\":{type},\"timestamp\":{timestamp ?? NowMs.ToString()}}}";

    [Theory]
    [InlineData(ClickEventType.View)]
    [InlineData(ClickEventType.Click)]
    [InlineData(ClickEventType.Cart)]
    [InlineData(ClickEventType.Purchase)]
    public void Round_trip_keeps_every_field(ClickEventType type)
    {
        var original = new ClickEvent("evt-ü-\"quoted\"", "user-Ω 7", Catalog, type, NowMs - 5);

        var bytes = ClickEventJson.Serialize(original);
        var decoded = ClickEventJson.Decode(bytes, original.UserId, Catalog, Now);

        Assert.True(decoded.IsValid, decoded.ToString());
        Assert.Equal(original, decoded.Event);
    }

    [Fact]
    public void Serialized_form_is_the_documented_wire_format()
    {
        var json = Encoding.UTF8.GetString(ClickEventJson.Serialize(new ClickEvent("e1", "user-1", 123, ClickEventType.Purchase, 1700000000000)));

        Assert.Equal("{\"eventId\":\"e1\",\"userId\":\"user-1\",\"itemId\":123,\"type\":\"purchase\",\"timestamp\":1700000000000}", json);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_type_is_case_insensitive()
    {
        var decoded = Decode($"{{\"extra\":{{\"a\":[1,2,{{}}]}},\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":1,\"type\":\"VIEW\",\"timestamp\":{NowMs},\"more\":null}}");

        Assert.True(decoded.IsValid, decoded.ToString());
        Assert.Equal(ClickEventType.View, decoded.Event.Type);
    }

    [Fact]
    public void Absent_key_is_accepted() => Assert.True(Decode(Json(), key: null).IsValid);

    public static TheoryData<string, string?, string> BadInputs() => new()
    {
        { "", null, "invalid-json" },
        { "not json", null, "invalid-json" },
        { "[1,2,3]", null, "invalid-json" },
        { "{\"eventId\":\"e\"", null, "invalid-json" },
        { Json() + "x", null, "invalid-json" },
        { Json() + "{}", null, "invalid-json" },
        { Json(eventId: "null"), null, "missing-field:eventId" },
        { "{\"userId\":\"u\",\"itemId\":1,\"type\":\"view\",\"timestamp\":" + NowMs + "}", null, "missing-field:eventId" },
        { "{\"eventId\":\"e\",\"itemId\":1,\"type\":\"view\",\"timestamp\":" + NowMs + "}", null, "missing-field:userId" },
        { "{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"view\",\"timestamp\":" + NowMs + "}", null, "missing-field:itemId" },
        { "{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":1,\"timestamp\":" + NowMs + "}", null, "missing-field:type" },
        { "{\"eventId\":\"e\",\"userId\":\"u\",\"itemId\":1,\"type\":\"view\"}", null, "missing-field:timestamp" },
        { Json(itemId: "\"42\""), null, "invalid-field:itemId" },
        { Json(itemId: "4.5"), null, "invalid-field:itemId" },
        { Json(itemId: "1e400"), null, "invalid-field:itemId" },
        { Json(timestamp: "\"yesterday\""), null, "invalid-field:timestamp" },
        { Json(type: "3"), null, "invalid-field:type" },
        { Json(userId: "17"), null, "invalid-field:userId" },
        { "{\"eventId\":\"e\",\"eventId\":\"f\",\"userId\":\"u\",\"itemId\":1,\"type\":\"view\",\"timestamp\":" + NowMs + "}", null, "duplicate-field:eventId" },
        { Json(type: "\"like\""), null, "unknown-event-type" },
        { Json(type: "\"" + new string('v', 500) + "\""), null, "unknown-event-type" },
        { Json(itemId: "0"), null, "item-out-of-catalog" },
        { Json(itemId: "-3"), null, "item-out-of-catalog" },
        { Json(itemId: (Catalog + 1).ToString()), null, "item-out-of-catalog" },
        { Json(itemId: "9999999999"), null, "item-out-of-catalog" },
        { Json(timestamp: "946684799999"), null, "timestamp-out-of-range" },
        { Json(timestamp: (NowMs + (long)TimeSpan.FromDays(1).TotalMilliseconds + 1).ToString()), null, "timestamp-out-of-range" },
        { Json(userId: "\"\""), null, "invalid-user-id" },
        { Json(userId: "\"   \""), null, "invalid-user-id" },
        { Json(userId: "\"" + new string('u', 129) + "\""), null, "invalid-user-id" },
        { Json(userId: "\"user\\u0007bell\""), null, "invalid-user-id" },
        { Json(userId: "\"user\\nnewline\""), null, "invalid-user-id" },
        { Json(eventId: "\"\""), null, "invalid-event-id" },
        { Json(eventId: "\"" + new string('e', 129) + "\""), null, "invalid-event-id" },
        { Json(eventId: "\"tab\\there\""), null, "invalid-event-id" },
        { Json(), "user-2", "key-mismatch" },
        { Json(), "", "key-mismatch" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Each_bad_input_class_gives_its_reason(string json, string? key, string reason)
    {
        var decoded = Decode(json, key);

        Assert.False(decoded.IsValid);
        Assert.Equal(reason, decoded.Reason);
        Assert.False(string.IsNullOrWhiteSpace(decoded.Message));
    }

    [Fact]
    public void Limits_are_inclusive()
    {
        Assert.True(Decode(Json(itemId: "1")).IsValid);
        Assert.True(Decode(Json(itemId: Catalog.ToString())).IsValid);
        Assert.True(Decode(Json(timestamp: ClickEventJson.MinTimestampMs.ToString())).IsValid);
        Assert.True(Decode(Json(timestamp: (NowMs + (long)TimeSpan.FromDays(1).TotalMilliseconds).ToString())).IsValid);
        Assert.True(Decode(Json(userId: "\"" + new string('u', 128) + "\"")).IsValid);
        Assert.True(Decode(Json(eventId: "\"" + new string('e', 128) + "\"")).IsValid);
    }

    [Fact]
    public void Message_larger_than_the_limit_is_rejected_before_parsing()
    {
        string valid = Json();
        Assert.True(Decode(valid, maxBytes: Encoding.UTF8.GetByteCount(valid)).IsValid);

        var decoded = Decode(valid, maxBytes: Encoding.UTF8.GetByteCount(valid) - 1);

        Assert.Equal("message-too-large", decoded.Reason);
    }

    [Fact]
    public void Rejection_messages_do_not_carry_control_characters_or_unbounded_text()
    {
        var decoded = Decode(Json(userId: "\"" + new string('x', 100) + "\\u0000" + new string('y', 5000) + "\""));

        Assert.False(decoded.IsValid);
        Assert.Equal("invalid-user-id", decoded.Reason);
        Assert.DoesNotContain('\0', decoded.Message);
        Assert.True(decoded.Message.Length < 300, decoded.Message);
    }

    [Fact]
    public void Random_bytes_and_mutated_messages_never_throw()
    {
        var random = new Random(12345);
        byte[] valid = ClickEventJson.Serialize(new ClickEvent("e-1", "user-1", 5, ClickEventType.Cart, NowMs));
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                for (int flips = random.Next(1, 4); flips > 0; flips--) input[random.Next(input.Length)] = (byte)random.Next(256);
                if (random.Next(4) == 0) input = input[..random.Next(input.Length)];
            }

            var decoded = ClickEventJson.Decode(input, random.Next(3) == 0 ? "user-1" : null, Catalog, Now);

            Assert.True(decoded.IsValid || decoded.Reason is not null);
        }
    }

    [Fact]
    public void Invalid_utf8_inside_strings_is_a_rejection()
    {
        byte[] json = Encoding.UTF8.GetBytes(Json(userId: "\"ab\""));
        int position = Encoding.UTF8.GetString(json).IndexOf("ab", StringComparison.Ordinal);
        json[position] = 0xC3;
        json[position + 1] = 0x28;

        var decoded = ClickEventJson.Decode(json, null, Catalog, Now);

        Assert.Equal("invalid-json", decoded.Reason);
    }
}
