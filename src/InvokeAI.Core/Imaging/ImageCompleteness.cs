using System.Buffers.Binary;

namespace InvokeAI.Core.Imaging;

/// <summary>
/// Finds PNG, JPEG and WebP files that end early. Their decoders fill what is missing (transparent or grey) without
/// a word, so a half-copied photo would quietly become a different picture, or an inpainting. Each format's
/// structure is walked to its end marker; every length read on the way is also checked against the file, so a
/// damaged length cannot make a decoder allocate what the file does not hold. Other formats pass unchecked.
/// </summary>
internal static class ImageCompleteness
{
    /// <returns>Why the stream is incomplete, in words that follow the file's name; null when it is complete or not checked.</returns>
    /// <remarks>Leaves the stream at an unspecified position.</remarks>
    public static string? FindTruncation(Stream stream)
    {
        var start = new byte[12];
        stream.Position = 0;
        int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var head = start.AsSpan(0, read);
        if (head.StartsWith(PngSignature)) return PngTruncation(stream);
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return JpegTruncation(stream);
        if (head.Length == 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            return WebpTruncation(stream, BinaryPrimitives.ReadUInt32LittleEndian(head[4..8]));
        return null;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Chunk by chunk (length, type, data, CRC) to IEND; bytes after IEND are ignored, as decoders do.</summary>
    private static string? PngTruncation(Stream stream)
    {
        long position = PngSignature.Length;
        var header = new byte[8];
        while (true)
        {
            stream.Position = position;
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
                return "is truncated: it ends before its PNG end chunk (IEND)";
            uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
            string type = System.Text.Encoding.ASCII.GetString(header, 4, 4);
            long end = position + 8 + (long)length + 4;
            // PNG caps a chunk at 2^31 - 1 bytes; a larger length is damage, and reads as a chunk running off the end.
            if (length > int.MaxValue || end > stream.Length)
                return $"is truncated: its PNG chunk '{SafeText(type)}' runs past the end of the file";
            if (type == "IEND") return null;
            position = end;
        }
    }

    /// <summary>
    /// Segment by segment to the end-of-image marker (FF D9). After each start-of-scan the entropy-coded data runs to
    /// the next marker that is neither a stuffed zero nor a restart; progressive files have several scans. An embedded
    /// thumbnail's own end marker sits inside an APP segment, skipped by its length, so it is never taken for the end.
    /// </summary>
    private static string? JpegTruncation(Stream stream)
    {
        const string Truncated = "is truncated: it ends before its JPEG end marker (FF D9)";
        var buffered = new BufferedStream(stream, 64 * 1024);
        buffered.Position = 2;
        while (true)
        {
            // Decoders skip stray bytes and fill bytes before a marker; so does this walk.
            int b;
            do b = buffered.ReadByte(); while (b is >= 0 and not 0xFF);
            do b = buffered.ReadByte(); while (b == 0xFF);
            if (b < 0) return Truncated;
            int marker = b;
            if (marker == 0xD9) return null;
            if (marker == 0x00 || marker == 0x01 || marker is >= 0xD0 and <= 0xD7) continue; // no length follows
            int high = buffered.ReadByte(), low = buffered.ReadByte();
            if (low < 0) return Truncated;
            int length = (high << 8) | low;
            if (length < 2 || buffered.Position + length - 2 > buffered.Length) return Truncated;
            buffered.Position += length - 2;
            if (marker == 0xDA && !SkipEntropyCodedData(buffered)) return Truncated;
        }
    }

    /// <returns>False when the file ends inside the scan; otherwise the stream is left just before the next marker.</returns>
    private static bool SkipEntropyCodedData(Stream stream)
    {
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) return false;
            if (b != 0xFF) continue;
            int next = stream.ReadByte();
            while (next == 0xFF) next = stream.ReadByte();
            if (next < 0) return false;
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7) continue;
            stream.Position -= 2;
            return true;
        }
    }

    /// <summary>The RIFF size must fit in the file, and each chunk in the RIFF (chunks are padded to even sizes).</summary>
    private static string? WebpTruncation(Stream stream, uint riffSize)
    {
        long riffEnd = 8L + riffSize;
        if (riffEnd > stream.Length)
            return $"is truncated: its WebP header declares {riffEnd:N0} bytes but the file has {stream.Length:N0}";
        long position = 12;
        var header = new byte[8];
        while (position < riffEnd)
        {
            stream.Position = position;
            if (riffEnd - position < 8 || stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
                return "is truncated: it ends inside a WebP chunk header";
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            long end = position + 8 + size + (size & 1);
            if (end > riffEnd)
                return $"is truncated: its WebP chunk '{SafeText(System.Text.Encoding.ASCII.GetString(header, 0, 4))}' runs past the end of the file";
            position = end;
        }
        return null;
    }

    /// <summary>A chunk type from a damaged file may hold any bytes; only letters go into a message.</summary>
    private static string SafeText(string fourCc) => new(fourCc.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '?').ToArray());
}
