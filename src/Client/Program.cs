using Interest.Client.Tool;

namespace Interest.Client;

public static class Program
{
    /// <summary>
    /// <c>Interest.Client [web] [--urls ...]</c> runs the web tier;
    /// <c>Interest.Client produce synthetic|replay ...</c> produces a clickstream (see <see cref="ProduceCommand"/>);
    /// <c>Interest.Client verify synthetic ...</c> checks that a produced synthetic stream was applied exactly once (see <see cref="VerifyCommand"/>).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "produce")
        {
            return await ProduceCommand.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "verify")
        {
            return await VerifyCommand.RunAsync(args[1..]);
        }
        var app = WebTier.Build(args.Length > 0 && args[0] == "web" ? args[1..] : args);
        await app.RunAsync();
        return 0;
    }
}
