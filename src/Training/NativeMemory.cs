using System.Runtime.InteropServices;

namespace Interest.Training;

/// <summary>
/// Keeps glibc from returning large freed blocks to the kernel. Every training batch allocates and frees logits of
/// hundreds of MB; by default glibc serves each with a fresh mmap, and the page faults of zeroing that memory again
/// and again cost about as much CPU time as the arithmetic. Kept in the heap, the blocks are reused.
/// </summary>
internal static class NativeMemory
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapMax = -4;       // M_MMAP_MAX

    public static void KeepFreedBlocks()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            mallopt(MmapMax, 0);
            mallopt(TrimThreshold, int.MaxValue);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to tune; training is only slower.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int mallopt(int parameter, int value);
}
