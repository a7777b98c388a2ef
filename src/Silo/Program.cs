using Interest.Silo.Hosting;

namespace Interest.Silo;

public static class Program
{
    public static async Task Main(string[] args)
    {
        var app = SiloHost.Build(args);
        await app.RunAsync();
    }
}
