using System.Diagnostics;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Interest.Streaming.Native;

/// <summary>
/// librdkafka's mock-cluster API, bound to the very native library Confluent.Kafka loaded (a second copy of
/// librdkafka would have its own globals and could not be mixed with Confluent's clients). Confluent.Kafka does not
/// expose these functions, nor its client handles, so the broker owns a plain rd_kafka_t made through this API.
/// </summary>
internal sealed unsafe class LibrdkafkaMockApi
{
    public const int ProducerType = 0;
    public const int ConfOk = 0;
    public const int ErrorStringSize = 512;

    private static readonly Lazy<LibrdkafkaMockApi> Shared = new(Bind, LazyThreadSafetyMode.ExecutionAndPublication);

    private LibrdkafkaMockApi(IntPtr library, string path)
    {
        LibraryPath = path;
        ConfNew = (delegate* unmanaged<IntPtr>)Export(library, "rd_kafka_conf_new");
        ConfDestroy = (delegate* unmanaged<IntPtr, void>)Export(library, "rd_kafka_conf_destroy");
        ConfSet = (delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int>)Export(library, "rd_kafka_conf_set");
        ConfSetLogCallback = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(library, "rd_kafka_conf_set_log_cb");
        ConfSetOpaque = (delegate* unmanaged<IntPtr, IntPtr, void>)Export(library, "rd_kafka_conf_set_opaque");
        Opaque = (delegate* unmanaged<IntPtr, IntPtr>)Export(library, "rd_kafka_opaque");
        New = (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)Export(library, "rd_kafka_new");
        Destroy = (delegate* unmanaged<IntPtr, void>)Export(library, "rd_kafka_destroy");
        ErrorToString = (delegate* unmanaged<int, IntPtr>)Export(library, "rd_kafka_err2str");
        HandleMockCluster = (delegate* unmanaged<IntPtr, IntPtr>)Export(library, "rd_kafka_handle_mock_cluster");
        MockClusterBootstraps = (delegate* unmanaged<IntPtr, IntPtr>)Export(library, "rd_kafka_mock_cluster_bootstraps");
        MockTopicCreate = (delegate* unmanaged<IntPtr, byte*, int, int, int>)Export(library, "rd_kafka_mock_topic_create");
        MockGroupInitialRebalanceDelayMs = (delegate* unmanaged<IntPtr, int, int>)Export(library, "rd_kafka_mock_group_initial_rebalance_delay_ms");
        MockBrokerSetHostPort = (delegate* unmanaged<IntPtr, int, byte*, int, void>)Export(library, "rd_kafka_mock_broker_set_host_port");
    }

    public static LibrdkafkaMockApi Instance => Shared.Value;

    public string LibraryPath { get; }

    public delegate* unmanaged<IntPtr> ConfNew { get; }
    public delegate* unmanaged<IntPtr, void> ConfDestroy { get; }
    public delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int> ConfSet { get; }
    public delegate* unmanaged<IntPtr, IntPtr, void> ConfSetLogCallback { get; }
    public delegate* unmanaged<IntPtr, IntPtr, void> ConfSetOpaque { get; }
    public delegate* unmanaged<IntPtr, IntPtr> Opaque { get; }
    public delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr> New { get; }
    public delegate* unmanaged<IntPtr, void> Destroy { get; }
    public delegate* unmanaged<int, IntPtr> ErrorToString { get; }
    public delegate* unmanaged<IntPtr, IntPtr> HandleMockCluster { get; }
    public delegate* unmanaged<IntPtr, IntPtr> MockClusterBootstraps { get; }
    public delegate* unmanaged<IntPtr, byte*, int, int, int> MockTopicCreate { get; }
    public delegate* unmanaged<IntPtr, int, int> MockGroupInitialRebalanceDelayMs { get; }
    public delegate* unmanaged<IntPtr, int, byte*, int, void> MockBrokerSetHostPort { get; }

    public string DescribeError(int errorCode) => Marshal.PtrToStringUTF8(ErrorToString(errorCode)) ?? $"error {errorCode}";

    private static LibrdkafkaMockApi Bind()
    {
        Library.Load();
        string path = FindLoadedLibrdkafka()
            ?? throw new InvalidOperationException(
                "Confluent.Kafka reports librdkafka as loaded, but no librdkafka module was found in this process.");
        return new LibrdkafkaMockApi(NativeLibrary.Load(path), path);
    }

    /// <summary>The file of the librdkafka Confluent.Kafka loaded (its name varies: librdkafka.so, centos8-librdkafka.so, librdkafka.dll, ...).</summary>
    private static string? FindLoadedLibrdkafka()
    {
        using var process = Process.GetCurrentProcess();
        foreach (ProcessModule module in process.Modules)
        {
            using (module)
            {
                string? file = module.FileName;
                if (file is not null && Path.GetFileName(file).Contains("librdkafka", StringComparison.OrdinalIgnoreCase)
                    && !Path.GetFileName(file).Contains("librdkafkacpp", StringComparison.OrdinalIgnoreCase))
                {
                    return file;
                }
            }
        }
        return null;
    }

    private static IntPtr Export(IntPtr library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new InvalidOperationException($"The loaded librdkafka has no '{name}'; the embedded broker needs librdkafka 2.x with the mock cluster.");
}
