using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace InvokeAI.Core.Imaging;

/// <summary>
/// Turns an opened image file into pixels, in an order that lets nothing hostile through: the structure is checked
/// for an early end, the header is read and its size weighed against the limit, and only then are pixels decoded,
/// with ImageSharp's own allocation limit as a second fence. Every failure is an <see cref="ImageFileException"/>
/// naming the file, with its <see cref="ImageFileFault"/>.
/// </summary>
internal static class ImageDecoding
{
    public static RgbaImage Decode(Stream stream, string path, ImageLoadLimits limits) => Guarded(path, () =>
    {
        RefuseTruncated(stream, path);
        var configuration = ConfigurationFor(limits);
        stream.Position = 0;
        var header = Image.Identify(configuration, stream) ?? throw NotAnImage(path, null);
        RefuseTooLarge(path, header.Width, header.Height, limits);
        stream.Position = 0;
        using var image = Image.Load<Rgba32>(configuration, stream);
        // The header and the decoder agree for every format ImageSharp reads; checked again all the same, since the
        // pixel copy below is the one allocation ImageSharp's limit does not cover.
        RefuseTooLarge(path, image.Width, image.Height, limits);
        // Phones store photos as the sensor saw them and a tag saying how to turn them. Turned here, once, on every
        // load; the tag goes with ImageSharp's metadata, since only the pixels are copied out.
        image.Mutate(operations => operations.AutoOrient());
        return ImageSharpPixels.ToRgba(image);
    });

    /// <summary>The text a file carries, read from its header alone: no pixel is decoded, whatever size it declares.</summary>
    public static ImageMetadata ReadMetadata(Stream stream, string path) => Guarded(path, () =>
    {
        RefuseTruncated(stream, path);
        stream.Position = 0;
        var header = Image.Identify(ConfigurationFor(ImageLoadLimits.Default), stream) ?? throw NotAnImage(path, null);
        return header.Metadata;
    });

    private static T Guarded<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ImageFileException)
        {
            throw;
        }
        catch (OutOfMemoryException e)
        {
            // A damaged lossless WebP can ask ImageSharp for a gigabyte of Huffman tables (see the fuzz test): on a
            // machine that cannot give it, that file fails, not the batch.
            throw new ImageFileException(path, ImageFileFault.TooLarge,
                $"'{path}' needs more memory to decode than this machine can give ({DecoderMessages.OneLine(e.Message)}).", e);
        }
        catch (InvalidMemoryOperationException e)
        {
            throw new ImageFileException(path, ImageFileFault.TooLarge,
                $"'{path}' needs more memory to decode than the limit allows ({DecoderMessages.OneLine(e.Message)}).", e);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or ImageFormatException)
        {
            throw NotAnImage(path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"'{path}' could not be read: {e.Message}", e);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidOperationException or OverflowException or NullReferenceException or InvalidCastException
                                   && ThrownByImageSharp(e))
        {
            // ImageSharp 2.1's decoders trip over some damaged files with these instead of their own exceptions
            // (the fuzz test finds them). The file is still what is wrong, and one bad file must not end a batch. Only
            // ImageSharp's own: the same exception from this module's code is a bug, for the fuzz test to find.
            throw new ImageFileException(path, ImageFileFault.NotAnImage,
                $"'{path}' is damaged: its decoder failed ({e.GetType().Name}: {DecoderMessages.OneLine(e.Message)}).", e);
        }
    }

    /// <summary>
    /// Whether ImageSharp threw it: the first frame outside the runtime's own library (whose throw helpers raise
    /// index and argument errors for it) is ImageSharp's.
    /// </summary>
    private static bool ThrownByImageSharp(Exception e)
    {
        var runtime = typeof(object).Assembly;
        var thrower = new System.Diagnostics.StackTrace(e).GetFrames()
            .Select(frame => frame.GetMethod()?.Module.Assembly)
            .FirstOrDefault(assembly => assembly is not null && assembly != runtime);
        return thrower == typeof(Image).Assembly;
    }

    private static void RefuseTruncated(Stream stream, string path)
    {
        if (ImageCompleteness.FindTruncation(stream) is { } why)
            throw new ImageFileException(path, ImageFileFault.Truncated, $"'{path}' {why}; it may still be being copied.");
    }

    private static void RefuseTooLarge(string path, long width, long height, ImageLoadLimits limits)
    {
        if (!limits.Allows(width, height))
            throw new ImageFileException(path, ImageFileFault.TooLarge,
                $"'{path}' is {width}×{height} ({width * height:N0} pixels), more than the decode limit of {limits.Describe()}; it was not decoded.");
    }

    private static ImageFileException NotAnImage(string path, Exception? decoderError) =>
        new(path, ImageFileFault.NotAnImage,
            decoderError is null
                ? $"'{path}' is not a readable image. Use a PNG, JPEG, WebP, BMP, GIF or TIFF file."
                : $"'{path}' is not a readable image ({DecoderMessages.OneLine(decoderError.Message)}). Use a PNG, JPEG, WebP, BMP, GIF or TIFF file.",
            decoderError);

    // A reference, so a reader on another runspace's thread sees the old pair or the new one, never half of each.
    private sealed record LimitConfiguration(long MaxPixels, Configuration Configuration);

    private static LimitConfiguration? _configuration;

    /// <summary>
    /// ImageSharp's configuration for a limit, kept while the limit stays the same: each holds a memory pool. Its
    /// allocation limit allows 16 bytes a pixel, room for the widest working format a decoder uses (4 floats), so it
    /// stops only what the header check cannot see.
    /// </summary>
    private static Configuration ConfigurationFor(ImageLoadLimits limits)
    {
        if (_configuration is { } cached && cached.MaxPixels == limits.MaxPixels) return cached.Configuration;
        var configuration = Configuration.Default.Clone();
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = (int)Math.Max(256, limits.MaxPixels * 16 / (1024 * 1024) + 1),
        });
        // Only the first frame is ever used; an animation's other frames would each cost a full canvas.
        configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        configuration.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        _configuration = new LimitConfiguration(limits.MaxPixels, configuration);
        return configuration;
    }
}
