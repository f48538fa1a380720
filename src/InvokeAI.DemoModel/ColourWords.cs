namespace InvokeAI.DemoModel;

/// <summary>
/// The prompt words the demo text encoder understands: colours, and nouns whose colour nobody doubts. Every other
/// token encodes to zeros, so a prompt without these words steers nothing. Colours are given as everyday sRGB
/// bytes because those are easy to check by eye; <see cref="ToPixelSpace"/> maps them to the model's [−1, 1].
/// </summary>
internal static class ColourWords
{
    public static IReadOnlyList<(string Word, byte Red, byte Green, byte Blue)> All { get; } =
    [
        ("red", 215, 30, 30),
        ("crimson", 180, 20, 45),
        ("maroon", 120, 20, 30),
        ("blood", 140, 10, 10),
        ("orange", 255, 140, 0),
        ("fire", 255, 95, 20),
        ("lava", 230, 60, 10),
        ("sunset", 250, 115, 60),
        ("amber", 255, 190, 0),
        ("coral", 250, 125, 90),
        ("yellow", 250, 220, 30),
        ("lemon", 250, 240, 80),
        ("gold", 230, 180, 40),
        ("golden", 230, 180, 40),
        ("sand", 220, 195, 140),
        ("beige", 225, 210, 180),
        ("brown", 120, 70, 30),
        ("olive", 110, 120, 40),
        ("green", 40, 160, 50),
        ("grass", 75, 150, 40),
        ("forest", 30, 90, 40),
        ("lime", 150, 220, 40),
        ("emerald", 30, 160, 90),
        ("teal", 20, 128, 128),
        ("turquoise", 60, 210, 200),
        ("blue", 30, 70, 220),
        ("sky", 125, 180, 240),
        ("ice", 190, 225, 245),
        ("ocean", 20, 80, 150),
        ("sea", 30, 100, 160),
        ("navy", 20, 30, 90),
        ("indigo", 75, 0, 130),
        ("purple", 130, 40, 170),
        ("violet", 140, 80, 200),
        ("magenta", 220, 30, 200),
        ("pink", 250, 150, 190),
        ("rose", 230, 80, 120),
        ("white", 245, 245, 245),
        ("snow", 240, 245, 250),
        ("ivory", 250, 248, 235),
        ("cream", 250, 245, 220),
        ("silver", 190, 190, 195),
        ("gray", 128, 128, 128),
        ("grey", 128, 128, 128),
        ("charcoal", 50, 50, 55),
        ("black", 10, 10, 10),
        ("night", 15, 20, 50),
    ];

    /// <summary>The CLIP vocabulary spells a whole word with a trailing end-of-word marker.</summary>
    public static string VocabularyEntry(string word) => word + "</w>";

    public static float ToPixelSpace(byte channel) => channel / 127.5f - 1f;
}
