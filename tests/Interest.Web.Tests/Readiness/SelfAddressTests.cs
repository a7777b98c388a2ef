using Interest.Web.Readiness;

namespace Interest.Web.Tests.Readiness;

public sealed class SelfAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:8080", "http://[::1]:8080/")]
    [InlineData("http://+:80", "http://127.0.0.1:80/")]
    [InlineData("http://*:5000/", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    public void A_listening_address_becomes_one_the_web_tier_can_call(string listening, string expected) =>
        Assert.Equal(new Uri(expected), SelfAddress.FromListeningAddresses([listening]));

    [Fact]
    public void Plain_http_is_preferred_and_https_alone_gives_none()
    {
        Assert.Equal(new Uri("http://127.0.0.1:5080/"), SelfAddress.FromListeningAddresses(["https://0.0.0.0:5443", "http://0.0.0.0:5080"]));
        Assert.Null(SelfAddress.FromListeningAddresses(["https://0.0.0.0:5443"]));
        Assert.Null(SelfAddress.FromListeningAddresses([]));
    }
}
