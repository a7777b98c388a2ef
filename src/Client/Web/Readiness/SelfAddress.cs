namespace Interest.Web.Readiness;

/// <summary>Where the web tier can call itself: one of the addresses it listens on, with a wildcard host made loopback.</summary>
public static class SelfAddress
{
    /// <summary>
    /// The first plain-HTTP address, as a base address ending in '/'; null when the web tier listens on none (only
    /// HTTPS: the warm-up does not call itself over TLS, whose certificate it could not check for a loopback name).
    /// </summary>
    public static Uri? FromListeningAddresses(IEnumerable<string> addresses)
    {
        foreach (string address in addresses)
        {
            if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) continue;
            string authority = address["http://".Length..].TrimEnd('/');
            int portSeparator = authority.LastIndexOf(':');
            if (portSeparator < 0) continue;
            string host = authority[..portSeparator];
            string port = authority[(portSeparator + 1)..];
            host = host switch
            {
                "0.0.0.0" or "+" or "*" => "127.0.0.1",
                "[::]" => "[::1]",
                _ => host,
            };
            if (Uri.TryCreate($"http://{host}:{port}/", UriKind.Absolute, out var uri)) return uri;
        }
        return null;
    }
}
