using System.Buffers.Binary;
using SkiaSharp;

namespace Interest.Testing;

/// <summary>Checks a PNG file's header and decodes it to count its colours.</summary>
public static class PngAssert
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts the signature and the IHDR size, decodes the image and returns it.</summary>
    public static SKBitmap Decodes(byte[] png, int width, int height)
    {
        Assert.True(png.Length > 33 && png.AsSpan(0, 8).SequenceEqual(Signature), "not a PNG signature");
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        return bitmap;
    }

    /// <summary>The number of distinct colours: a blank image has one, lines, text and anti-aliasing give hundreds.</summary>
    public static int Colours(SKBitmap bitmap) => bitmap.Pixels.Select(pixel => (uint)pixel).Distinct().Count();

    /// <summary>Whether some pixel is within <paramref name="tolerance"/> of <paramref name="colour"/> on each channel.</summary>
    public static bool Contains(SKBitmap bitmap, SKColor colour, int tolerance = 12) => bitmap.Pixels.Any(pixel =>
        Math.Abs(pixel.Red - colour.Red) <= tolerance && Math.Abs(pixel.Green - colour.Green) <= tolerance && Math.Abs(pixel.Blue - colour.Blue) <= tolerance);
}
