using Interest.Abstractions;

namespace Interest.Client.Api;

/// <summary>Where accepted events go: the clickstream topic.</summary>
public interface IClickEventPublisher
{
    Task PublishAsync(ClickEvent clickEvent, CancellationToken cancellationToken);
}
