namespace Interest.Benchmarks.Cluster;

/// <summary>Which configuration of the real pipeline a cluster runs.</summary>
public enum PipelineMode
{
    /// <summary>The production settings: dynamic batching, incremental (h, c, u) state per user.</summary>
    Batched,

    /// <summary>Inference:MaxBatchSize = 1: every user update is computed alone, as a naive per-event design would.</summary>
    BatchSizeOne,

    /// <summary>
    /// No carried state: every update re-runs the LSTM over the user's last 50 events
    /// (<see cref="Silo.StatelessReencodingInferenceClient"/> in the benchmark's silo).
    /// </summary>
    StatelessReencoding,
}
