using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Interest.Silo.Networking;

/// <summary>
/// The address a silo publishes in the membership table, where other silos and clients reach it. It must be one of
/// this host's own addresses: a silo that advertised somebody else's would take calls meant for that host, and one that
/// advertised loopback could not be reached from any other host.
/// </summary>
public static class AdvertisedAddress
{
    public const string PodIpVariable = "POD_IP";

    /// <summary>
    /// <paramref name="configured"/> (Silo:AdvertisedAddress) when set; else <paramref name="podIp"/> (the POD_IP
    /// environment variable a Kubernetes pod gets from the downward API); else the first IPv4 address of an interface
    /// that is up and is not loopback. Throws <see cref="InvalidOperationException"/> with the reason when the result
    /// cannot work.
    /// </summary>
    public static IPAddress Resolve(string? configured, string? podIp, IReadOnlyList<HostInterface> interfaces)
    {
        var local = interfaces.SelectMany(i => i.Addresses).ToHashSet();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return RequireLocal(Parse(configured, "Silo:AdvertisedAddress"), "Silo:AdvertisedAddress", local);
        }
        if (!string.IsNullOrWhiteSpace(podIp))
        {
            return RequireLocal(Parse(podIp, PodIpVariable), PodIpVariable, local);
        }
        var found = interfaces
            .Where(i => i.IsUp && !i.IsLoopback)
            .SelectMany(i => i.Addresses)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return found ?? throw new InvalidOperationException(
            "This host has no IPv4 address other than loopback for the silo to advertise to other hosts. " +
            $"Set Silo:AdvertisedAddress (or {PodIpVariable}) to the address other silos and clients reach this one at.");
    }

    /// <summary>This host's interfaces and their unicast addresses.</summary>
    public static IReadOnlyList<HostInterface> HostInterfaces() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Select(i => new HostInterface(
                i.Name,
                i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown,
                i.NetworkInterfaceType == NetworkInterfaceType.Loopback,
                i.GetIPProperties().UnicastAddresses.Select(a => a.Address).ToArray()))
            .ToArray();

    private static IPAddress Parse(string value, string source) =>
        IPAddress.TryParse(value.Trim(), out var address)
            ? address
            : throw new InvalidOperationException($"{source} is '{value}', which is not an IP address.");

    private static IPAddress RequireLocal(IPAddress address, string source, HashSet<IPAddress> local)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new InvalidOperationException($"{source} is {address}, which is not an address others can reach: name one of this host's addresses.");
        }
        if (!local.Contains(address))
        {
            throw new InvalidOperationException(
                $"{source} is {address}, which is not an address of this host (its addresses: {string.Join(", ", local.Order(AddressOrder.Instance))}). " +
                "Other silos would call that address and reach another host or nothing.");
        }
        return address;
    }

    private sealed class AddressOrder : IComparer<IPAddress>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(IPAddress? x, IPAddress? y) => string.CompareOrdinal(x?.ToString(), y?.ToString());
    }
}
