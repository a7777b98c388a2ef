namespace Interest.Streaming.Codec;

/// <summary>Machine-readable reason codes for rejected messages; they travel in the dead letter's reason header.</summary>
public static class ClickEventRejectReasons
{
    public const string MessageTooLarge = "message-too-large";
    public const string InvalidJson = "invalid-json";
    public const string MissingFieldPrefix = "missing-field:";
    public const string InvalidFieldPrefix = "invalid-field:";
    public const string DuplicateFieldPrefix = "duplicate-field:";
    public const string InvalidEventId = "invalid-event-id";
    public const string InvalidUserId = "invalid-user-id";
    public const string KeyMismatch = "key-mismatch";
    public const string UnknownEventType = "unknown-event-type";
    public const string ItemOutOfCatalog = "item-out-of-catalog";
    public const string TimestampOutOfRange = "timestamp-out-of-range";

    public static string MissingField(string field) => MissingFieldPrefix + field;

    public static string InvalidField(string field) => InvalidFieldPrefix + field;

    public static string DuplicateField(string field) => DuplicateFieldPrefix + field;
}
