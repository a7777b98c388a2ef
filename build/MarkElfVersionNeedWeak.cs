using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Sets VER_FLG_WEAK on one Elf64_Vernaux entry of a shared library when the host's libstdc++ lacks that version.
public sealed class MarkElfVersionNeedWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required] public string Library { get; set; } = "";
    [Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        if (HostProvides(Version))
        {
            Log.LogMessage(MessageImportance.Low, $"Host libstdc++ provides {Version}; {Library} left as it is.");
            return true;
        }

        byte[] elf = File.ReadAllBytes(Library);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogWarning($"{Library} is not a little-endian ELF64 file; not patched.");
            return true;
        }

        long sectionHeaders = BitConverter.ToInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3a);
        int count = BitConverter.ToUInt16(elf, 0x3c);
        for (int i = 0; i < count; i++)
        {
            long header = sectionHeaders + (long)i * entrySize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed) continue;

            long offset = BitConverter.ToInt64(elf, (int)header + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)header + 0x28);
            long strings = BitConverter.ToInt64(elf, (int)(sectionHeaders + (long)link * entrySize) + 0x18);
            return MarkWeak(elf, offset, strings);
        }

        Log.LogWarning($"{Library} has no .gnu.version_r section; not patched.");
        return true;
    }

    private bool MarkWeak(byte[] elf, long verneed, long strings)
    {
        while (true)
        {
            int auxCount = BitConverter.ToUInt16(elf, (int)verneed + 2);
            long aux = verneed + BitConverter.ToUInt32(elf, (int)verneed + 8);
            for (int j = 0; j < auxCount; j++)
            {
                int flagsAt = (int)aux + 4;
                long nameAt = strings + BitConverter.ToUInt32(elf, (int)aux + 8);
                if (ReadString(elf, nameAt) == Version)
                {
                    ushort flags = BitConverter.ToUInt16(elf, flagsAt);
                    if ((flags & VerFlagWeak) != 0)
                    {
                        Log.LogMessage(MessageImportance.Low, $"{Version} is already weak in {Library}.");
                        return true;
                    }
                    BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, flagsAt);
                    File.WriteAllBytes(Library, elf);
                    Log.LogMessage(MessageImportance.High, $"Marked the {Version} need weak in {Library} (host libstdc++ lacks it).");
                    return true;
                }
                uint nextAux = BitConverter.ToUInt32(elf, (int)aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = BitConverter.ToUInt32(elf, (int)verneed + 12);
            if (next == 0) break;
            verneed += next;
        }
        Log.LogMessage(MessageImportance.Low, $"{Library} does not need {Version}; nothing to do.");
        return true;
    }

    private static string ReadString(byte[] elf, long at)
    {
        int end = (int)at;
        while (elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)at, end - (int)at);
    }

    private static bool HostProvides(string version)
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        string path = candidates.FirstOrDefault(File.Exists);
        if (path is null) return false;
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        byte[] library = File.ReadAllBytes(path);
        for (int i = 0; i + needle.Length <= library.Length; i++)
        {
            int k = 0;
            while (k < needle.Length && library[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }
}
