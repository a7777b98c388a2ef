namespace Interest.Abstractions;

/// <summary>What the shopper did with an item. The numeric values index the model's event-type embedding.</summary>
public enum ClickEventType
{
    View = 0,
    Click = 1,
    Cart = 2,
    Purchase = 3,
}
