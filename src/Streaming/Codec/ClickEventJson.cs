using System.Buffers;
using System.Text.Json;
using Interest.Abstractions;

namespace Interest.Streaming.Codec;

/// <summary>
/// The clickstream wire format:
/// <c>{"eventId":"…","userId":"…","itemId":123,"type":"view|click|cart|purchase","timestamp":1700000000000}</c>
/// (timestamp in Unix milliseconds). Schema and rules: docs/CLICKSTREAM.md.
/// </summary>
public static class ClickEventJson
{
    /// <summary>2000-01-01T00:00:00Z; earlier timestamps are rejected.</summary>
    public const long MinTimestampMs = 946_684_800_000;
    public const int MaxEventIdLength = 128;
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(1);

    private const int MaxTypeNameChars = 16;
    private const int MaxQuotedChars = 64;

    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText UserIdName = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText ItemIdName = JsonEncodedText.Encode("itemId");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");

    [ThreadStatic] private static ArrayBufferWriter<byte>? _threadBuffer;
    [ThreadStatic] private static Utf8JsonWriter? _threadWriter;

    public static byte[] Serialize(ClickEvent clickEvent)
    {
        ArgumentNullException.ThrowIfNull(clickEvent);
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);

        writer.WriteStartObject();
        writer.WriteString(EventIdName, clickEvent.EventId);
        writer.WriteString(UserIdName, clickEvent.UserId);
        writer.WriteNumber(ItemIdName, clickEvent.ItemId);
        writer.WriteString(TypeName, ClickEventTypeNames.ToWireName(clickEvent.Type));
        writer.WriteNumber(TimestampName, clickEvent.TimestampMs);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses and validates one message value. Never throws: every problem becomes a rejection reason.</summary>
    /// <param name="key">The Kafka message key (null when the message had none); when present it must equal the user id.</param>
    public static ClickEventDecodeResult Decode(
        ReadOnlySpan<byte> value,
        string? key,
        int catalogItemCount,
        DateTimeOffset now,
        int maxMessageBytes = KafkaOptions.DefaultMaxMessageBytes)
    {
        if (value.Length > maxMessageBytes)
        {
            return ClickEventDecodeResult.Rejected(
                ClickEventRejectReasons.MessageTooLarge,
                $"message is {value.Length} bytes; the limit is {maxMessageBytes}");
        }

        RawClickEvent raw;
        try
        {
            if (!TryRead(value, out raw, out var rejection)) return rejection;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return ClickEventDecodeResult.Rejected(ClickEventRejectReasons.InvalidJson, Quote(e.Message));
        }

        return Validate(raw, key, catalogItemCount, now);
    }

    public static bool IsValidEventId(string? eventId)
    {
        if (string.IsNullOrEmpty(eventId) || eventId.Length > MaxEventIdLength) return false;
        foreach (char ch in eventId)
        {
            if (char.IsControl(ch)) return false;
        }
        return !string.IsNullOrWhiteSpace(eventId);
    }

    private static bool TryRead(ReadOnlySpan<byte> value, out RawClickEvent raw, out ClickEventDecodeResult rejection)
    {
        raw = default;
        rejection = default;
        var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = 16 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            rejection = ClickEventDecodeResult.Rejected(ClickEventRejectReasons.InvalidJson, "the message is not a JSON object");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Identify(ref reader);
            reader.Read();
            if (field == Field.Unknown)
            {
                reader.Skip();
                continue;
            }
            if (raw.Seen.HasFlag(field))
            {
                rejection = ClickEventDecodeResult.Rejected(
                    ClickEventRejectReasons.DuplicateField(NameOf(field)), $"field '{NameOf(field)}' appears more than once");
                return false;
            }
            raw.Seen |= field;
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (!TryReadField(ref reader, field, ref raw))
            {
                rejection = ClickEventDecodeResult.Rejected(
                    ClickEventRejectReasons.InvalidField(NameOf(field)), $"field '{NameOf(field)}' has the wrong JSON type or range");
                return false;
            }
        }

        // The reader throws on a truncated object; this rejects anything after the object that it tolerates.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            rejection = ClickEventDecodeResult.Rejected(ClickEventRejectReasons.InvalidJson, "content after the JSON object");
            return false;
        }
        return true;
    }

    private static Field Identify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("eventId"u8)) return Field.EventId;
        if (reader.ValueTextEquals("userId"u8)) return Field.UserId;
        if (reader.ValueTextEquals("itemId"u8)) return Field.ItemId;
        if (reader.ValueTextEquals("type"u8)) return Field.Type;
        if (reader.ValueTextEquals("timestamp"u8)) return Field.Timestamp;
        return Field.Unknown;
    }

    private static bool TryReadField(ref Utf8JsonReader reader, Field field, ref RawClickEvent raw)
    {
        switch (field)
        {
            case Field.EventId when reader.TokenType == JsonTokenType.String:
                raw.EventId = reader.GetString();
                return true;
            case Field.UserId when reader.TokenType == JsonTokenType.String:
                raw.UserId = reader.GetString();
                return true;
            case Field.ItemId when reader.TokenType == JsonTokenType.Number:
                if (!reader.TryGetInt64(out long itemId)) return false;
                raw.ItemId = itemId;
                return true;
            case Field.Timestamp when reader.TokenType == JsonTokenType.Number:
                if (!reader.TryGetInt64(out long timestamp)) return false;
                raw.TimestampMs = timestamp;
                return true;
            case Field.Type when reader.TokenType == JsonTokenType.String:
                ReadType(ref reader, ref raw);
                return true;
            default:
                return false;
        }
    }

    private static void ReadType(ref Utf8JsonReader reader, ref RawClickEvent raw)
    {
        long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length <= MaxTypeNameChars * 6)
        {
            Span<char> name = stackalloc char[MaxTypeNameChars * 6];
            int written = reader.CopyString(name);
            if (ClickEventTypeNames.TryParse(name[..written], out var type))
            {
                raw.Type = type;
                return;
            }
            raw.UnknownTypeName = new string(name[..Math.Min(written, MaxQuotedChars)]);
            return;
        }
        raw.UnknownTypeName = "(a long string)";
    }

    private static ClickEventDecodeResult Validate(in RawClickEvent raw, string? key, int catalogItemCount, DateTimeOffset now)
    {
        foreach (var field in RequiredFields)
        {
            if (!raw.Has(field))
            {
                return ClickEventDecodeResult.Rejected(
                    ClickEventRejectReasons.MissingField(NameOf(field)), $"field '{NameOf(field)}' is missing or null");
            }
        }

        if (!IsValidEventId(raw.EventId))
        {
            return ClickEventDecodeResult.Rejected(
                ClickEventRejectReasons.InvalidEventId,
                $"eventId must be 1-{MaxEventIdLength} printable characters (got {raw.EventId!.Length} characters: '{Quote(raw.EventId)}')");
        }
        if (!InterestLimits.IsValidUserId(raw.UserId))
        {
            return ClickEventDecodeResult.Rejected(
                ClickEventRejectReasons.InvalidUserId,
                $"userId must be 1-{InterestLimits.MaxUserIdLength} printable characters (got {raw.UserId!.Length} characters: '{Quote(raw.UserId)}')");
        }
        if (key is not null && !string.Equals(key, raw.UserId, StringComparison.Ordinal))
        {
            return ClickEventDecodeResult.Rejected(
                ClickEventRejectReasons.KeyMismatch, $"message key '{Quote(key)}' differs from userId '{Quote(raw.UserId)}'");
        }
        if (raw.Type is not { } type)
        {
            return ClickEventDecodeResult.Rejected(
                ClickEventRejectReasons.UnknownEventType,
                $"type '{Quote(raw.UnknownTypeName)}' is not one of view, click, cart, purchase");
        }
        long itemId = raw.ItemId!.Value;
        if (itemId < 1 || itemId > catalogItemCount)
        {
            return ClickEventDecodeResult.Rejected(
                ClickEventRejectReasons.ItemOutOfCatalog, $"itemId {itemId} is outside the catalogue 1..{catalogItemCount}");
        }
        long timestampMs = raw.TimestampMs!.Value;
        long latestAllowedMs = (now + MaxFutureSkew).ToUnixTimeMilliseconds();
        if (timestampMs < MinTimestampMs || timestampMs > latestAllowedMs)
        {
            return ClickEventDecodeResult.Rejected(
                ClickEventRejectReasons.TimestampOutOfRange,
                $"timestamp {timestampMs} is before 2000-01-01 or more than a day after {now:O}");
        }

        return ClickEventDecodeResult.Valid(new ClickEvent(raw.EventId!, raw.UserId!, (int)itemId, type, timestampMs));
    }

    /// <summary>Makes untrusted text safe and short enough to put in a log line or a header.</summary>
    private static string Quote(string? text)
    {
        if (text is null) return "";
        var span = text.AsSpan(0, Math.Min(text.Length, MaxQuotedChars));
        var quoted = string.Create(span.Length, text, static (destination, source) =>
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return text.Length > MaxQuotedChars ? quoted + "…" : quoted;
    }

    private static string NameOf(Field field) => field switch
    {
        Field.EventId => "eventId",
        Field.UserId => "userId",
        Field.ItemId => "itemId",
        Field.Type => "type",
        Field.Timestamp => "timestamp",
        _ => "unknown",
    };

    private static readonly Field[] RequiredFields = [Field.EventId, Field.UserId, Field.ItemId, Field.Type, Field.Timestamp];

    [Flags]
    private enum Field
    {
        Unknown = 0,
        EventId = 1,
        UserId = 2,
        ItemId = 4,
        Type = 8,
        Timestamp = 16,
    }

    private struct RawClickEvent
    {
        public Field Seen;
        public string? EventId;
        public string? UserId;
        public long? ItemId;
        public ClickEventType? Type;
        public string? UnknownTypeName;
        public long? TimestampMs;

        public readonly bool Has(Field field) => field switch
        {
            Field.EventId => EventId is not null,
            Field.UserId => UserId is not null,
            Field.ItemId => ItemId is not null,
            Field.Type => Type is not null || UnknownTypeName is not null,
            Field.Timestamp => TimestampMs is not null,
            _ => false,
        };
    }
}
