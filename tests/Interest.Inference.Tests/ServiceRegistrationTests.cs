using System.Diagnostics.Metrics;
using Interest.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Interest.Inference.Tests;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public async Task Host_binds_the_Inference_section_and_serves_one_singleton_engine()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inference:ItemCount"] = "321",
            ["Inference:EmbeddingSize"] = "16",
            ["Inference:HiddenSize"] = "12",
            ["Inference:Device"] = "cpu",
            ["Inference:Seed"] = "8",
            ["Inference:MaxBatchWaitMs"] = "1",
        });
        builder.Services.AddInterestInference(builder.Configuration.GetSection(InferenceOptions.SectionName));
        using var host = builder.Build();
        await host.StartAsync();

        var engine = host.Services.GetRequiredService<IInferenceEngine>();
        Assert.Same(engine, host.Services.GetRequiredService<IInferenceEngine>());
        Assert.Equal(new ModelDescription("untrained-seed-8", 321, 16, 12, "cpu", "fresh (untrained, seed 8)"), engine.Description);
        var result = await engine.InferAsync(new InferenceRequest([], [], [], [5], [ClickEventType.View], [], 3));
        Assert.Equal(12, result.Hidden.Length);

        await host.StopAsync();
    }

    [Fact]
    public async Task A_missing_model_file_stops_the_host_at_start_with_the_path()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".intr");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddInterestInference(options =>
        {
            options.ModelPath = missing;
            options.Device = "cpu";
        });
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<FileNotFoundException>(() => host.StartAsync());
        Assert.Contains(missing, exception.Message);
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddInterestInference(options => options.MaxBatchWaitMs = -1);
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("MaxBatchWaitMs", exception.Message);
    }

    [Fact]
    public async Task Batches_are_recorded_on_the_Interest_Inference_meter()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInterestInference(options =>
        {
            options.ItemCount = 200;
            options.EmbeddingSize = 8;
            options.HiddenSize = 8;
            options.Device = "cpu";
            options.MaxBatchWaitMs = 30;
        });
        await using var provider = services.BuildServiceProvider();
        var meterFactory = provider.GetRequiredService<IMeterFactory>();

        long requests = 0;
        var batchSizes = new List<int>();
        var durations = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            // Only this provider's meter: other tests run engines in parallel.
            if (instrument.Meter.Name == InferenceMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == InferenceMetrics.RequestsInstrument) Interlocked.Add(ref requests, value);
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == InferenceMetrics.BatchSizeInstrument) lock (batchSizes) batchSizes.Add(value);
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == InferenceMetrics.BatchDurationInstrument) lock (durations) durations.Add(value);
        });
        listener.Start();

        var engine = provider.GetRequiredService<IInferenceEngine>();
        await Task.WhenAll(Enumerable.Range(1, 30).Select(i =>
            engine.InferAsync(new InferenceRequest([], [], [], [i], [ClickEventType.Click], [], 4))));

        Assert.Equal(30, Interlocked.Read(ref requests));
        lock (batchSizes) Assert.Equal(30, batchSizes.Sum());
        lock (durations)
        {
            Assert.Equal(batchSizes.Count, durations.Count);
            Assert.All(durations, duration => Assert.True(duration >= 0));
        }
        Assert.Equal(engine.Statistics.Batches, batchSizes.Count);
    }
}
