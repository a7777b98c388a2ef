using System.Diagnostics.CodeAnalysis;
using Interest.Abstractions;

namespace Interest.Streaming.Codec;

/// <summary>Either a valid event or why the message was rejected (<see cref="ClickEventRejectReasons"/>).</summary>
public readonly struct ClickEventDecodeResult
{
    private ClickEventDecodeResult(ClickEvent? clickEvent, string? reason, string? message)
    {
        Event = clickEvent;
        Reason = reason;
        Message = message;
    }

    public ClickEvent? Event { get; }

    /// <summary>Short reason code, e.g. "missing-field:itemId"; null when valid.</summary>
    public string? Reason { get; }

    /// <summary>Human-readable detail; null when valid.</summary>
    public string? Message { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Reason), nameof(Message))]
    public bool IsValid => Event is not null;

    public static ClickEventDecodeResult Valid(ClickEvent clickEvent) => new(clickEvent, null, null);

    public static ClickEventDecodeResult Rejected(string reason, string message) => new(null, reason, message);

    public override string ToString() => IsValid ? $"valid {Event}" : $"{Reason}: {Message}";
}
