using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Interest.Streaming.Native;

/// <summary>
/// An rd_kafka_t created with test.mock.num.brokers=1, which makes librdkafka start a Kafka-protocol mock cluster
/// inside it; the cluster lives as long as this handle. librdkafka's own log lines go to the given logger.
/// </summary>
internal sealed unsafe class MockClusterHandle : IDisposable
{
    /// <summary>The id of the mock cluster's one broker.</summary>
    private const int BrokerId = 1;

    private readonly LibrdkafkaMockApi _api;
    private readonly IntPtr _client;
    private readonly IntPtr _cluster;
    private GCHandle _loggerHandle;
    private int _disposed;

    public MockClusterHandle(ILogger logger)
    {
        _api = LibrdkafkaMockApi.Instance;
        _loggerHandle = GCHandle.Alloc(logger);
        IntPtr conf = _api.ConfNew();
        try
        {
            Set(conf, "test.mock.num.brokers", "1");
            Set(conf, "client.id", "interest-embedded-broker");
            _api.ConfSetOpaque(conf, GCHandle.ToIntPtr(_loggerHandle));
            _api.ConfSetLogCallback(conf, (IntPtr)(delegate* unmanaged<IntPtr, int, IntPtr, IntPtr, void>)&OnLog);
        }
        catch
        {
            _api.ConfDestroy(conf);
            _loggerHandle.Free();
            throw;
        }

        byte* error = stackalloc byte[LibrdkafkaMockApi.ErrorStringSize];
        _client = _api.New(LibrdkafkaMockApi.ProducerType, conf, error, LibrdkafkaMockApi.ErrorStringSize);
        if (_client == IntPtr.Zero)
        {
            _api.ConfDestroy(conf);
            _loggerHandle.Free();
            throw new InvalidOperationException("librdkafka could not start the mock cluster: " + Marshal.PtrToStringUTF8((IntPtr)error));
        }

        _cluster = _api.HandleMockCluster(_client);
        if (_cluster == IntPtr.Zero)
        {
            Dispose();
            throw new InvalidOperationException("librdkafka created the client but no mock cluster (test.mock.num.brokers ignored).");
        }
        BootstrapServers = Marshal.PtrToStringUTF8(_api.MockClusterBootstraps(_cluster))
            ?? throw new InvalidOperationException("The mock cluster reports no bootstrap address.");
    }

    public string BootstrapServers { get; }

    public string LibraryPath => _api.LibraryPath;

    public void CreateTopic(string topic, int partitions)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        byte[] name = NullTerminated(topic);
        int error;
        fixed (byte* namePointer = name)
        {
            error = _api.MockTopicCreate(_cluster, namePointer, partitions, 1);
        }
        if (error != 0)
        {
            throw new InvalidOperationException($"The embedded broker could not create topic '{topic}': {_api.DescribeError(error)}");
        }
    }

    /// <summary>The host and port the broker names in metadata responses, where clients connect after bootstrapping.</summary>
    public void SetAdvertisedListener(string host, int port)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        fixed (byte* hostPointer = NullTerminated(host))
        {
            _api.MockBrokerSetHostPort(_cluster, BrokerId, hostPointer, port);
        }
    }

    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        int error = _api.MockGroupInitialRebalanceDelayMs(_cluster, (int)delay.TotalMilliseconds);
        if (error != 0)
        {
            throw new InvalidOperationException("The embedded broker refused the group rebalance delay: " + _api.DescribeError(error));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // rd_kafka_destroy joins librdkafka's threads, so no log callback can run after it returns.
        _api.Destroy(_client);
        _loggerHandle.Free();
    }

    private void Set(IntPtr conf, string name, string value)
    {
        byte* error = stackalloc byte[LibrdkafkaMockApi.ErrorStringSize];
        int result;
        fixed (byte* namePointer = NullTerminated(name))
        fixed (byte* valuePointer = NullTerminated(value))
        {
            result = _api.ConfSet(conf, namePointer, valuePointer, error, LibrdkafkaMockApi.ErrorStringSize);
        }
        if (result != LibrdkafkaMockApi.ConfOk)
        {
            throw new InvalidOperationException($"librdkafka rejected {name}={value}: {Marshal.PtrToStringUTF8((IntPtr)error)}");
        }
    }

    private static byte[] NullTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    [UnmanagedCallersOnly]
    private static void OnLog(IntPtr client, int syslogLevel, IntPtr facility, IntPtr message)
    {
        try
        {
            IntPtr opaque = LibrdkafkaMockApi.Instance.Opaque(client);
            if (opaque == IntPtr.Zero || GCHandle.FromIntPtr(opaque).Target is not ILogger logger) return;
            var level = syslogLevel switch
            {
                <= 3 => LogLevel.Error,
                4 => LogLevel.Warning,
                5 => LogLevel.Information,
                _ => LogLevel.Debug,
            };
            if (!logger.IsEnabled(level)) return;
            logger.Log(level, "librdkafka {Facility}: {Message}", Marshal.PtrToStringUTF8(facility), Marshal.PtrToStringUTF8(message));
        }
        catch
        {
            // An exception must never unwind into native code.
        }
    }
}
