using Interest.Web;

namespace Interest.WebHost;

public static class Program
{
    /// <summary><c>Interest.WebHost [--urls ...] [--Key value ...]</c> runs the standalone web tier.</summary>
    public static async Task Main(string[] args)
    {
        var app = WebTier.Build(args);
        await app.RunAsync();
    }
}
