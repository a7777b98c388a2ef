using Interest.Abstractions;

namespace Interest.Streaming.Codec;

/// <summary>The wire names of <see cref="ClickEventType"/>.</summary>
public static class ClickEventTypeNames
{
    public const string View = "view";
    public const string Click = "click";
    public const string Cart = "cart";
    public const string Purchase = "purchase";

    public static string ToWireName(ClickEventType type) => type switch
    {
        ClickEventType.View => View,
        ClickEventType.Click => Click,
        ClickEventType.Cart => Cart,
        ClickEventType.Purchase => Purchase,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown click event type."),
    };

    /// <summary>ASCII case-insensitive.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out ClickEventType type)
    {
        if (name.Equals(View, StringComparison.OrdinalIgnoreCase)) { type = ClickEventType.View; return true; }
        if (name.Equals(Click, StringComparison.OrdinalIgnoreCase)) { type = ClickEventType.Click; return true; }
        if (name.Equals(Cart, StringComparison.OrdinalIgnoreCase)) { type = ClickEventType.Cart; return true; }
        if (name.Equals(Purchase, StringComparison.OrdinalIgnoreCase)) { type = ClickEventType.Purchase; return true; }
        type = default;
        return false;
    }
}
