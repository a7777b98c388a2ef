namespace Interest.Tools;

public static class Program
{
    /// <summary>
    /// <c>Interest.Tools produce synthetic|replay ...</c> produces a clickstream (see <see cref="ProduceCommand"/>);
    /// <c>Interest.Tools verify synthetic ...</c> checks that a produced synthetic stream was applied exactly once (see <see cref="VerifyCommand"/>).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "produce":
                return await ProduceCommand.RunAsync(args[1..]);
            case "verify":
                return await VerifyCommand.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine(ProduceCommand.Usage);
                Console.Error.WriteLine(VerifyCommand.Usage);
                return 2;
        }
    }
}
