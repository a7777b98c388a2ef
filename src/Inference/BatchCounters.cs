using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>Running totals of the batcher, written by its loop and read by anyone.</summary>
internal sealed class BatchCounters
{
    private readonly Lock gate = new();
    private long batches;
    private long requests;
    private long events;
    private int largestBatch;
    private long batchesOfMoreThanOne;

    public void Record(int batchSize, long eventCount)
    {
        lock (gate)
        {
            batches++;
            requests += batchSize;
            events += eventCount;
            largestBatch = Math.Max(largestBatch, batchSize);
            if (batchSize > 1) batchesOfMoreThanOne++;
        }
    }

    public BatchStatistics Snapshot()
    {
        lock (gate)
        {
            double mean = batches == 0 ? 0 : (double)requests / batches;
            return new BatchStatistics(batches, requests, events, largestBatch, batchesOfMoreThanOne, mean);
        }
    }
}
