using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Interest.Imaging.Tests;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_PNG_specification()
    {
        // The CRC every PNG's IEND chunk carries, and the standard check value.
        Assert.Equal(0xAE426082u, PngEncoder.Crc32("IEND"u8));
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32("123456789"u8));
    }

    [Fact]
    public void Pixels_survive_the_round_trip_through_the_idat_chunk()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
        byte[] png = PngEncoder.Encode(2, 2, rgb);

        int idat = 8 + 12 + 13; // signature, IHDR chunk
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idat));
        Assert.Equal("IDAT"u8.ToArray(), png[(idat + 4)..(idat + 8)]);
        using var zlib = new ZLibStream(new MemoryStream(png, idat + 8, length), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        Assert.Equal([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 10, 20, 30], raw.ToArray());
    }

    [Fact]
    public void Encoded_image_has_valid_chunks_and_decodes_to_the_same_pixels()
    {
        var canvas = new Canvas(7, 3, new FontWithoutGlyphs(), Rgb.White);
        canvas.Set(2, 1, new Rgb(10, 20, 30));
        byte[] png = canvas.ToPng();

        Assert.True(png.AsSpan(0, 8).SequenceEqual(PngEncoder.Signature));
        var chunks = ReadChunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        foreach (var (type, data, crc) in chunks)
        {
            Assert.Equal(PngEncoder.Crc32([.. Encoding.ASCII.GetBytes(type), .. data]), crc);
        }
        var header = chunks[0].Data;
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));

        using var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        byte[] rows = raw.ToArray();
        Assert.Equal(3 * (1 + 7 * 3), rows.Length);
        int pixel = 1 * (1 + 7 * 3) + 1 + 2 * 3;
        Assert.Equal(new byte[] { 10, 20, 30 }, rows[pixel..(pixel + 3)]);
        Assert.Equal(255, rows[1]);
    }

    private static List<(string Type, byte[] Data, uint Crc)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[], uint)>();
        for (int at = 8; at < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            byte[] data = png[(at + 8)..(at + 8 + length)];
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            chunks.Add((type, data, crc));
            at += 12 + length;
        }
        return chunks;
    }

    /// <summary>The canvas wants a font; these images hold no text.</summary>
    private sealed class FontWithoutGlyphs : IPixelFont
    {
        public int GlyphWidth => 5;

        public int GlyphHeight => 7;

        public bool IsSet(char character, int x, int y) => false;
    }
}
