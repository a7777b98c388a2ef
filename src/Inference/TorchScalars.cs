using TorchSharp;

namespace Interest.Inference;

/// <summary>
/// Scalars that hot torch calls take, alive for the whole process. TorchSharp creates a <see cref="Scalar"/> for a
/// plain number argument — the alpha of every tensor <c>+</c>, a fill value — and passes only its native handle, so the
/// object can be unreachable while the native call still reads it. A collection at that moment lets the finalizer free
/// the value under the call (seen as "Expected false to be true" from c10's Scalar::toFloat in the benchmark's ceiling
/// section). Static scalars are never finalized; values that vary are held with <c>using</c> for the call instead.
/// </summary>
internal static class TorchScalars
{
    public static readonly Scalar One = 1.ToScalar();

    public static readonly Scalar NegativeInfinity = float.NegativeInfinity.ToScalar();
}
