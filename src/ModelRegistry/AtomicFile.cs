using System.Text;

namespace Interest.ModelRegistry;

/// <summary>Files that readers see either whole or not at all: written to a temporary file in the same directory, then renamed.</summary>
internal static class AtomicFile
{
    /// <summary>A temporary path next to <paramref name="path"/>; its leading dot keeps it out of every listing of versions.</summary>
    public static string TemporaryPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.tmp-{Guid.NewGuid():N}");

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, replacing what is there.</summary>
    public static void Replace(string path, string text) => Write(path, text, overwrite: true);

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> unless a file is there; false when one is.</summary>
    public static bool TryCreate(string path, string text) => Write(path, text, overwrite: false);

    private static bool Write(string path, string text, bool overwrite)
    {
        string temporary = TemporaryPathFor(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            return Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Renames <paramref name="source"/> to <paramref name="destination"/>; without overwrite, false when a file is already there.</summary>
    public static bool Move(string source, string destination, bool overwrite)
    {
        try
        {
            File.Move(source, destination, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(destination))
        {
            return false;
        }
    }
}
