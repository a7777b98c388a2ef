using Interest.Abstractions;

namespace Interest.Inference;

/// <summary>Running totals of the batcher, written by its loop and read by anyone.</summary>
internal sealed class BatchCounters
{
    private readonly Lock _gate = new();
    private long _batches;
    private long _requests;
    private long _events;
    private int _largestBatch;
    private long _batchesOfMoreThanOne;

    public void Record(int batchSize, long eventCount)
    {
        lock (_gate)
        {
            _batches++;
            _requests += batchSize;
            _events += eventCount;
            _largestBatch = Math.Max(_largestBatch, batchSize);
            if (batchSize > 1) _batchesOfMoreThanOne++;
        }
    }

    public BatchStatistics Snapshot()
    {
        lock (_gate)
        {
            double mean = _batches == 0 ? 0 : (double)_requests / _batches;
            return new BatchStatistics(_batches, _requests, _events, _largestBatch, _batchesOfMoreThanOne, mean);
        }
    }
}
