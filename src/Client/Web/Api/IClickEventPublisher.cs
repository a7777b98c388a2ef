using Interest.Abstractions;

namespace Interest.Web.Api;

/// <summary>Where accepted events go: the clickstream topic.</summary>
public interface IClickEventPublisher
{
    Task PublishAsync(ClickEvent clickEvent, CancellationToken cancellationToken);
}
