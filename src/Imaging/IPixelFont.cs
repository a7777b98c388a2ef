namespace Interest.Imaging;

/// <summary>A bitmap font: fixed-size glyphs, each pixel set or not.</summary>
public interface IPixelFont
{
    int GlyphWidth { get; }

    int GlyphHeight { get; }

    /// <summary>Whether pixel (x, y) of <paramref name="character"/>'s glyph is set; unknown characters are blank.</summary>
    bool IsSet(char character, int x, int y);
}
