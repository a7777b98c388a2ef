using System.Diagnostics;
using System.Net;

namespace Interest.Cluster.Tests.Fixtures.Networking;

/// <summary>A host of a <see cref="VirtualNetwork"/>: a network namespace with one address on the bridge.</summary>
public sealed record VirtualHost(string HostName, string Namespace, IPAddress Address, string BridgePort);

/// <summary>
/// Hosts as Linux network namespaces on a bridge of their own, for tests that need silos on different addresses:
/// subnet 10.231.N.0/24 with N unique per run, this process's side at .1 on the bridge (in the root namespace), each
/// namespace at .11, .12, ... behind a veth pair, with loopback up and an /etc/netns/&lt;ns&gt;/hosts naming every host.
/// No route leads anywhere else and nothing is forwarded or NATed: traffic stays between this run's hosts.
/// Needs root (CI runs as root); without it the constructor fails with the reason rather than skipping.
/// </summary>
public sealed class VirtualNetwork : IAsyncDisposable
{
    private const string NamespacePrefix = "interest-";
    private const string BridgePrefix = "itbr";
    private const string OwnerDirectory = "/run/interest-netns";

    private readonly List<VirtualHost> _hosts = [];
    private readonly Dictionary<string, IPAddress> _names = new(StringComparer.Ordinal);
    private int _disposed;

    private VirtualNetwork(int subnet)
    {
        Subnet = subnet;
        Bridge = $"{BridgePrefix}{subnet}";
        Gateway = IPAddress.Parse($"10.231.{subnet}.1");
    }

    /// <summary>N in 10.231.N.0/24.</summary>
    public int Subnet { get; }

    public string Bridge { get; }

    /// <summary>This process's address on the bridge.</summary>
    public IPAddress Gateway { get; }

    public IReadOnlyList<VirtualHost> Hosts => _hosts;

    /// <summary>Creates the bridge (after removing what killed earlier runs left behind) with this process at .1.</summary>
    public static VirtualNetwork Create()
    {
        RequireNetworkNamespaces();
        RemoveStale();
        Directory.CreateDirectory(OwnerDirectory);
        int first = Environment.ProcessId % 200 + 1;
        for (int attempt = 0; attempt < 250; attempt++)
        {
            int subnet = (first + attempt - 1) % 250 + 1;
            if (SubnetInUse(subnet)) continue;
            // Creating the bridge is the lock on N: a second run that picks the same N fails here and moves on.
            if (Run("ip", "link", "add", $"{BridgePrefix}{subnet}", "type", "bridge").ExitCode != 0) continue;
            var network = new VirtualNetwork(subnet);
            try
            {
                File.WriteAllText(OwnerFile(subnet), Environment.ProcessId.ToString());
                Ip("addr", "add", $"{network.Gateway}/24", "dev", network.Bridge);
                Ip("link", "set", network.Bridge, "up");
                network._names["kafka"] = network.Gateway;
                return network;
            }
            catch
            {
                network.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw;
            }
        }
        throw new InvalidOperationException("No free 10.231.N.0/24 subnet for a virtual network.");
    }

    /// <summary>Adds a namespace named after <paramref name="hostName"/> with the next address, and its veth pair.</summary>
    public VirtualHost AddHost(string hostName)
    {
        int index = _hosts.Count + 11;
        var host = new VirtualHost(hostName, $"{NamespacePrefix}{Subnet}-{hostName}", IPAddress.Parse($"10.231.{Subnet}.{index}"), $"itv{Subnet}-{index}");
        Ip("netns", "add", host.Namespace);
        _hosts.Add(host);
        Ip("link", "add", host.BridgePort, "type", "veth", "peer", "name", "eth0", "netns", host.Namespace);
        Ip("link", "set", host.BridgePort, "master", Bridge, "up");
        Ip("-n", host.Namespace, "addr", "add", $"{host.Address}/24", "dev", "eth0");
        Ip("-n", host.Namespace, "link", "set", "eth0", "up");
        Ip("-n", host.Namespace, "link", "set", "lo", "up");
        _names[hostName] = host.Address;
        WriteHostsFiles();
        return host;
    }

    /// <summary>Cuts the host off: its veth's bridge side goes down, so nothing passes either way.</summary>
    public void LinkDown(VirtualHost host) => Ip("link", "set", host.BridgePort, "down");

    public void LinkUp(VirtualHost host) => Ip("link", "set", host.BridgePort, "up");

    /// <summary>
    /// A command run inside <paramref name="host"/>'s namespace with exactly <paramref name="environment"/> (nothing of
    /// this process's environment passes through).
    /// </summary>
    public static ProcessStartInfo StartInfo(VirtualHost host, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "netns", "exec", host.Namespace, program }.Concat(arguments)) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    private void WriteHostsFiles()
    {
        string hosts = "127.0.0.1 localhost\n" + string.Concat(_names.Select(n => $"{n.Value} {n.Key}\n"));
        foreach (var host in _hosts)
        {
            string directory = Path.Combine("/etc/netns", host.Namespace);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "hosts"), hosts);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) RemoveSubnet(Subnet);
        return ValueTask.CompletedTask;
    }

    private static void RequireNetworkNamespaces()
    {
        var result = Run("ip", "netns", "list");
        if (result.ExitCode != 0 || !Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "The multi-host tests need Linux network namespaces: run them as root on Linux with iproute2 installed " +
                $"(`ip netns list` gave exit code {result.ExitCode}: {result.Output.Trim()}; root: {Environment.IsPrivilegedProcess}).");
        }
    }

    /// <summary>Removes the namespaces, veths and bridges of runs whose test process is gone (killed, crashed).</summary>
    private static void RemoveStale()
    {
        var subnets = Run("ip", "-o", "link", "show", "type", "bridge").Output.Split('\n')
            .Select(line => line.Split(':', StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length > 1 && parts[1].StartsWith(BridgePrefix, StringComparison.Ordinal))
            .Select(parts => parts[1][BridgePrefix.Length..])
            .Concat(Run("ip", "netns", "list").Output.Split('\n')
                .Where(line => line.StartsWith(NamespacePrefix, StringComparison.Ordinal))
                .Select(line => line[NamespacePrefix.Length..].Split('-')[0]))
            .Select(n => int.TryParse(n, out int subnet) ? subnet : -1)
            .Where(n => n > 0)
            .Distinct();
        foreach (int subnet in subnets.Where(n => !OwnerAlive(n)).ToList()) RemoveSubnet(subnet);
    }

    private static bool OwnerAlive(int subnet)
    {
        if (!File.Exists(OwnerFile(subnet)) || !int.TryParse(File.ReadAllText(OwnerFile(subnet)), out int pid)) return false;
        return Directory.Exists($"/proc/{pid}");
    }

    private static void RemoveSubnet(int subnet)
    {
        foreach (string ns in Run("ip", "netns", "list").Output.Split('\n')
                     .Select(line => line.Split(' ')[0])
                     .Where(name => name.StartsWith($"{NamespacePrefix}{subnet}-", StringComparison.Ordinal)))
        {
            // Processes left in the namespace (a web tier whose test host was killed) would keep it alive.
            foreach (string pid in Run("ip", "netns", "pids", ns).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Run("kill", "-KILL", pid);
            }
            Run("ip", "netns", "del", ns);
            try { Directory.Delete(Path.Combine("/etc/netns", ns), recursive: true); } catch (DirectoryNotFoundException) { }
        }
        Run("ip", "link", "del", $"{BridgePrefix}{subnet}");
        File.Delete(OwnerFile(subnet));
    }

    private static bool SubnetInUse(int subnet) => Run("ip", "-4", "-o", "addr", "show").Output.Contains($" 10.231.{subnet}.", StringComparison.Ordinal);

    private static string OwnerFile(int subnet) => Path.Combine(OwnerDirectory, $"{subnet}.owner");

    private static void Ip(params string[] arguments)
    {
        var result = Run("ip", arguments);
        if (result.ExitCode != 0) throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output.Trim()}");
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{program}: {e.Message}");
        }
    }
}
