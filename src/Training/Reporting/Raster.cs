namespace Interest.Training.Reporting;

/// <summary>An RGB pixel canvas with the few drawing operations a line plot needs.</summary>
public sealed class Raster
{
    private readonly byte[] pixels;

    public Raster(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        pixels = new byte[width * height * 3];
        FillRectangle(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    public ReadOnlySpan<byte> Pixels => pixels;

    public void Set(int x, int y, Rgb colour)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height) return;
        int at = (y * Width + x) * 3;
        pixels[at] = colour.R;
        pixels[at + 1] = colour.G;
        pixels[at + 2] = colour.B;
    }

    public void FillRectangle(int x, int y, int width, int height, Rgb colour)
    {
        for (int row = y; row < y + height; row++)
        {
            for (int column = x; column < x + width; column++) Set(column, row, colour);
        }
    }

    /// <summary>Bresenham's line, <paramref name="thickness"/> pixels square.</summary>
    public void Line(int x0, int y0, int x1, int y1, Rgb colour, int thickness = 1)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        while (true)
        {
            FillRectangle(x0 - thickness / 2, y0 - thickness / 2, thickness, thickness, colour);
            if (x0 == x1 && y0 == y1) return;
            int doubled = 2 * error;
            if (doubled >= dy) { error += dy; x0 += sx; }
            if (doubled <= dx) { error += dx; y0 += sy; }
        }
    }

    /// <summary>Text in <see cref="PixelFont"/>, each font pixel <paramref name="scale"/> pixels square; (x, y) is the top left.</summary>
    public void Text(int x, int y, string text, Rgb colour, int scale = 2)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int left = x + i * (PixelFont.GlyphWidth + 1) * scale;
            for (int row = 0; row < PixelFont.GlyphHeight; row++)
            {
                for (int column = 0; column < PixelFont.GlyphWidth; column++)
                {
                    if (PixelFont.IsSet(text[i], column, row)) FillRectangle(left + column * scale, y + row * scale, scale, scale, colour);
                }
            }
        }
    }

    public static int TextWidth(string text, int scale = 2) => text.Length * (PixelFont.GlyphWidth + 1) * scale - scale;
}

public readonly record struct Rgb(byte R, byte G, byte B);
