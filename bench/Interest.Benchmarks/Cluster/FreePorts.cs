using System.Net;
using System.Net.Sockets;

namespace Interest.Benchmarks.Cluster;

internal static class FreePorts
{
    /// <summary>Ports the OS has just handed out and released; distinct within one call.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
