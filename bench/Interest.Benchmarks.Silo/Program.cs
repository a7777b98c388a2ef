using Interest.Silo.Hosting;

namespace Interest.Benchmarks.Silo;

public static class Program
{
    public static async Task Main(string[] args)
    {
        var app = SiloHost.Build(args, BenchmarkArms.Add);
        await app.RunAsync();
    }
}
