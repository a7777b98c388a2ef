namespace Interest.Streaming.Broker;

/// <summary>The bootstrap file holds one line: the embedded broker's bootstrap address.</summary>
internal static class BootstrapFileWriter
{
    public static void Write(string path, string bootstrapServers)
    {
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        // Written aside and moved into place so that a reader never sees half an address.
        string temporary = $"{fullPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, bootstrapServers + Environment.NewLine);
        File.Move(temporary, fullPath, overwrite: true);
    }

    public static string? TryRead(string path)
    {
        try
        {
            string text = File.ReadAllText(path).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Another silo may have replaced the file with its own broker's address; that one is left alone.</summary>
    public static void DeleteIfOwned(string path, string bootstrapServers)
    {
        try
        {
            if (TryRead(path) == bootstrapServers) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stale file is detected by readers (nothing listens at the address).
        }
    }
}
