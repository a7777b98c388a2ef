namespace Interest.Tools;

public static class Program
{
    /// <summary>
    /// <c>Interest.Tools produce synthetic|replay ...</c> produces a clickstream (see <see cref="ProduceCommand"/>);
    /// <c>Interest.Tools verify synthetic ...</c> checks that a produced synthetic stream was applied exactly once (see <see cref="VerifyCommand"/>);
    /// <c>Interest.Tools models ...</c> lists, publishes, promotes and rolls back model versions (see <see cref="ModelsCommand"/>).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "produce":
                return await ProduceCommand.RunAsync(args[1..]);
            case "verify":
                return await VerifyCommand.RunAsync(args[1..]);
            case "models":
                return await ModelsCommand.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine(ProduceCommand.Usage);
                Console.Error.WriteLine(VerifyCommand.Usage);
                Console.Error.WriteLine(ModelsCommand.Usage);
                return 2;
        }
    }
}
