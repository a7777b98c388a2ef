using System.Net;
using Interest.Silo.Networking;

namespace Interest.Silo.Tests.Networking;

public sealed class AdvertisedAddressTests
{
    private static readonly HostInterface Loopback = new("lo", true, true, [IPAddress.Loopback, IPAddress.IPv6Loopback]);
    private static readonly HostInterface Down = new("eth1", false, false, [IPAddress.Parse("10.0.9.5")]);
    private static readonly HostInterface Ethernet = new("eth0", true, false, [IPAddress.Parse("fe80::1"), IPAddress.Parse("10.1.2.3")]);
    private static readonly HostInterface Second = new("eth2", true, false, [IPAddress.Parse("192.168.7.7")]);

    [Fact]
    public void The_configured_address_wins_when_it_is_this_hosts()
    {
        var address = AdvertisedAddress.Resolve("192.168.7.7", "10.1.2.3", [Loopback, Ethernet, Second]);
        Assert.Equal(IPAddress.Parse("192.168.7.7"), address);
    }

    [Fact]
    public void Loopback_may_be_configured_for_a_cluster_on_one_machine()
    {
        Assert.Equal(IPAddress.Loopback, AdvertisedAddress.Resolve("127.0.0.1", null, [Loopback, Ethernet]));
    }

    [Fact]
    public void The_pod_address_is_taken_when_nothing_is_configured()
    {
        Assert.Equal(IPAddress.Parse("192.168.7.7"), AdvertisedAddress.Resolve(null, "192.168.7.7", [Loopback, Ethernet, Second]));
    }

    [Fact]
    public void Otherwise_the_first_IPv4_address_of_an_interface_that_is_up_and_not_loopback()
    {
        Assert.Equal(IPAddress.Parse("10.1.2.3"), AdvertisedAddress.Resolve(null, null, [Loopback, Down, Ethernet, Second]));
    }

    [Fact]
    public void An_address_that_is_not_this_hosts_fails_with_the_hosts_addresses_in_the_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdvertisedAddress.Resolve("10.9.9.9", null, [Loopback, Ethernet]));
        Assert.Contains("Silo:AdvertisedAddress is 10.9.9.9, which is not an address of this host", error.Message);
        Assert.Contains("10.1.2.3", error.Message);
    }

    [Fact]
    public void A_pod_address_that_is_not_this_hosts_fails_too()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdvertisedAddress.Resolve("", "10.9.9.9", [Loopback, Ethernet]));
        Assert.Contains("POD_IP is 10.9.9.9", error.Message);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("silo-1")]
    public void Wildcards_and_names_are_refused(string configured)
    {
        Assert.Throws<InvalidOperationException>(() => AdvertisedAddress.Resolve(configured, null, [Loopback, Ethernet, new HostInterface("any", true, false, [IPAddress.Any])]));
    }

    [Fact]
    public void A_host_with_only_loopback_must_be_told_its_address()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdvertisedAddress.Resolve(null, null, [Loopback, Down]));
        Assert.Contains("Set Silo:AdvertisedAddress", error.Message);
    }

    [Fact]
    public void This_hosts_interfaces_include_loopback()
    {
        Assert.Contains(AdvertisedAddress.HostInterfaces(), i => i.IsLoopback && i.Addresses.Contains(IPAddress.Loopback));
    }
}
