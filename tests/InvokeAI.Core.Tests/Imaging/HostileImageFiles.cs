using System.Buffers.Binary;
using InvokeAI.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace InvokeAI.Core.Tests.Imaging;

/// <summary>The bytes of the files a hostile or careless drop folder holds, made here rather than shipped.</summary>
internal static class HostileImageFiles
{
    /// <summary>
    /// A PNG of a few dozen bytes whose header declares width × height pixels, with valid CRCs so every reader
    /// believes it. Its one IDAT holds a single zlib-compressed row, enough for a decoder to start allocating.
    /// </summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bits per sample
        header[9] = 6;  // RGBA
        WriteChunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
                zlib.Write(new byte[1 + 4 * Math.Min(width, 4096)]);
            WriteChunk(png, "IDAT", compressed.ToArray());
        }
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    /// <summary>The CRC-32 PNG uses (polynomial 0xEDB88320, reflected), bit by bit: a few bytes, so speed does not matter.</summary>
    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A file of the format holding <see cref="TestImages.Gradient"/>, as this module saves it.</summary>
    public static byte[] Encoded(ImageFileFormat format, int width = 16, int height = 16)
    {
        string file = Path.Combine(Path.GetTempPath(), $"invokeai-encoded-{Guid.NewGuid():N}.{format.ToString().ToLowerInvariant()}");
        try
        {
            ImageFile.Save(TestImages.Gradient(width, height), file, format);
            return File.ReadAllBytes(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// A JPEG as a phone stores a photo: the pixels as the sensor saw them, a 32×16 picture whose top half is red and
    /// bottom half blue, and an EXIF Orientation tag saying how to turn it upright.
    /// </summary>
    public static byte[] JpegWithOrientation(ushort orientation)
    {
        using var image = new Image<Rgba32>(32, 16);
        for (int y = 0; y < image.Height; y++)
        for (int x = 0; x < image.Width; x++)
            image[x, y] = y < image.Height / 2 ? new Rgba32(255, 0, 0) : new Rgba32(0, 0, 255);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 100 });
        return jpeg.ToArray();
    }
}
