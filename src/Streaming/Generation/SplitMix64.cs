namespace Interest.Streaming.Generation;

/// <summary>A tiny seeded generator whose sequence never changes between .NET versions (unlike System.Random's algorithms).</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public static SplitMix64 Derived(long seed, long stream) =>
        new(Mix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ Mix(unchecked((ulong)stream + 0xD1B54A32D192ED03UL))));

    public ulong NextUInt64() => Mix(_state = unchecked(_state + 0x9E3779B97F4A7C15UL));

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, exclusiveMax).</summary>
    public int NextInt(int exclusiveMax) => (int)(NextDouble() * exclusiveMax);

    public double NextExponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
