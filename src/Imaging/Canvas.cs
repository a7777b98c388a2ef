namespace Interest.Imaging;

public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb White = new(255, 255, 255);
    public static readonly Rgb Black = new(0, 0, 0);
    public static readonly Rgb Grid = new(225, 225, 225);
    public static readonly Rgb Axis = new(90, 90, 90);
}

/// <summary>An RGB raster with the drawing a line chart needs: rectangles, thick or dashed lines, pixel-font text.</summary>
public sealed class Canvas
{
    private readonly byte[] _pixels;
    private readonly IPixelFont _font;

    public Canvas(int width, int height, IPixelFont font, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        _font = font;
        _pixels = new byte[width * height * 3];
        Fill(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] ToPng() => PngEncoder.Encode(Width, Height, _pixels);

    public Rgb Get(int x, int y)
    {
        int at = (y * Width + x) * 3;
        return new Rgb(_pixels[at], _pixels[at + 1], _pixels[at + 2]);
    }

    public void Set(int x, int y, Rgb colour)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        int at = (y * Width + x) * 3;
        _pixels[at] = colour.R;
        _pixels[at + 1] = colour.G;
        _pixels[at + 2] = colour.B;
    }

    public void Fill(int x, int y, int width, int height, Rgb colour)
    {
        for (int row = y; row < y + height; row++)
        {
            for (int column = x; column < x + width; column++) Set(column, row, colour);
        }
    }

    /// <summary>Bresenham's line with a square pen; with <paramref name="dash"/> > 0, drawn <paramref name="dash"/> steps on, as many off.</summary>
    public void Line(int x0, int y0, int x1, int y1, Rgb colour, int thickness = 1, int dash = 0)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        for (int step = 0; ; step++)
        {
            if (dash == 0 || step / dash % 2 == 0) Fill(x0 - thickness / 2, y0 - thickness / 2, thickness, thickness, colour);
            if (x0 == x1 && y0 == y1) return;
            int doubled = 2 * error;
            if (doubled >= dy) { error += dy; x0 += sx; }
            if (doubled <= dx) { error += dx; y0 += sy; }
        }
    }

    /// <summary>(x, y) is the text's top left; each font pixel is <paramref name="scale"/> pixels square.</summary>
    public void Text(int x, int y, string text, Rgb colour, int scale = 2)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int left = x + i * (_font.GlyphWidth + 1) * scale;
            for (int row = 0; row < _font.GlyphHeight; row++)
            {
                for (int column = 0; column < _font.GlyphWidth; column++)
                {
                    if (_font.IsSet(text[i], column, row)) Fill(left + column * scale, y + row * scale, scale, scale, colour);
                }
            }
        }
    }

    public int TextWidth(string text, int scale = 2) => text.Length == 0 ? 0 : text.Length * (_font.GlyphWidth + 1) * scale - scale;

    public int TextHeight(int scale = 2) => _font.GlyphHeight * scale;
}
