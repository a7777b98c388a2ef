using System.Net;

namespace Interest.Silo.Networking;

/// <summary>A network interface of this host as <see cref="AdvertisedAddress"/> sees it.</summary>
public sealed record HostInterface(string Name, bool IsUp, bool IsLoopback, IReadOnlyList<IPAddress> Addresses);
