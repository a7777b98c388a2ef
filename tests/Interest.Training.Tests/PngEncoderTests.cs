using System.Buffers.Binary;
using System.IO.Compression;
using Interest.Imaging;

namespace Interest.Training.Tests;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32("123456789"u8));

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
}
