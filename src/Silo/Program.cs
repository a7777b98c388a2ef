using Interest.Silo.Hosting;

namespace Interest.Silo;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = SiloHost.Build(args);
        }
        catch (InvalidOperationException e)
        {
            // Settings that cannot work (no Kafka, an address that is not this host's): say which, without a stack trace.
            await Console.Error.WriteLineAsync($"The silo cannot start: {e.Message}");
            return 2;
        }
        await app.RunAsync();
        return 0;
    }
}
