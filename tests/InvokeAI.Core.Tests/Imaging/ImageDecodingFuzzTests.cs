using System.Buffers.Binary;
using System.Diagnostics;
using CsCheck;
using InvokeAI.Core.Imaging;
using Xunit.Abstractions;

namespace InvokeAI.Core.Tests.Imaging;

/// <summary>
/// Damaged PNG, JPEG and WebP bytes fed to the loader: whatever the damage, it returns an image within the limit or
/// throws an <see cref="ImageFileException"/>, promptly and without a large allocation. The images are 16×16, so
/// ten thousand cases take seconds.
/// </summary>
public sealed class ImageDecodingFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;

    // Small enough that any honest decode of a 16×16 file fits, far below what a damaged size field can declare.
    private static readonly ImageLoadLimits Limits = new() { MaxPixels = 64 * 64 };

    private static readonly byte[][] ValidFiles =
    [
        HostileImageFiles.Encoded(ImageFileFormat.Png),
        HostileImageFiles.Encoded(ImageFileFormat.Jpeg),
        HostileImageFiles.Encoded(ImageFileFormat.Webp),
        HostileImageFiles.JpegWithOrientation(6),
    ];

    private enum Damage { Truncate, FlipBits, OverwriteSizeField, InsertBytes }

    /// <summary>One damaged file: which valid file, what damage, and where, from CsCheck's generators.</summary>
    private static readonly Gen<byte[]> DamagedFiles =
        Gen.Select(Gen.Int[0, ValidFiles.Length - 1], Gen.Enum<Damage>(), Gen.Int[0, int.MaxValue], Gen.UInt, Gen.Int[1, 8])
            .Select((file, damage, position, value, count) => Damaged(ValidFiles[file], damage, position, value, count));

    private static byte[] Damaged(byte[] valid, Damage damage, int position, uint value, int count)
    {
        var bytes = valid.ToList();
        int at = position % valid.Length;
        switch (damage)
        {
            case Damage.Truncate:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case Damage.FlipBits:
                // count bits, spread from one seed position, so several parts of the structure can break at once.
                for (int i = 0; i < count; i++)
                {
                    int bit = (int)((uint)(position + i * (int)(value | 1)) % (uint)(valid.Length * 8));
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }
                break;
            case Damage.OverwriteSizeField:
                // Widths, heights and lengths are 16- or 32-bit fields in these formats, in either byte order.
                var field = new byte[4];
                if (count % 2 == 0) BinaryPrimitives.WriteUInt32BigEndian(field, value);
                else BinaryPrimitives.WriteUInt32LittleEndian(field, value);
                for (int i = 0; i < (count > 4 ? 4 : 2) && at + i < bytes.Count; i++) bytes[at + i] = field[i];
                break;
            case Damage.InsertBytes:
                bytes.InsertRange(at, BitConverter.GetBytes(value).Take(count % 4 + 1));
                break;
        }
        return bytes.ToArray();
    }

    /// <summary>What one damaged 16×16 file may cost: a few megabytes at most, whatever its header claims.</summary>
    private const long MostOneCaseMayAllocate = 32L * 1024 * 1024;

    /// <summary>
    /// The exception: ImageSharp 2.1's lossless WebP (VP8L) decoder sizes its Huffman tables by the largest meta-code
    /// index the stream names before it finds the stream damaged, so 62- and 66-byte files allocate from 128 MB to
    /// 1.8 GB (seeds 0ehHFNiRJ4X2, 4CeFQ-RIOWD1, buJauFw-YCI1). Its ceiling, whatever the file claims: 65,536 groups ×
    /// 5,004 table entries (colour cache of 11 bits) × 8 bytes, plus each group's code lengths (2,328 ints) and its
    /// packed table, about 3.3 GB (README, Reliability). A cost that grew with a file's claims would pass it; this catches that.
    /// </summary>
    private const long MostALosslessWebpMayAllocate = 65_536L * (5_004 * 8 + 2_328 * 4 + 1_024);

    [Fact]
    public void Damaged_files_give_an_image_within_the_limit_or_an_ImageFileException_never_a_crash_hang_or_bloat()
    {
        int cases = 0, refused = 0;
        var run = Stopwatch.StartNew();
        DamagedFiles.Sample(bytes =>
        {
            Interlocked.Increment(ref cases);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                var image = ImageDecoding.Decode(new MemoryStream(bytes, writable: false), "fuzz.img", Limits);
                Assert.True((long)image.Width * image.Height <= Limits.MaxPixels, $"{image.Width}×{image.Height} passed a limit of {Limits.MaxPixels}");
            }
            catch (ImageFileException e)
            {
                Interlocked.Increment(ref refused);
                Assert.Contains("fuzz.img", e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
            // A decode of a 16×16 file takes about a millisecond; a loop over damaged data would take far longer.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"one case took {clock.Elapsed.TotalSeconds:0.0} s");
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            long bound = bytes.AsSpan().IndexOf("VP8L"u8) >= 0 ? MostALosslessWebpMayAllocate : MostOneCaseMayAllocate;
            Assert.True(allocated < bound, $"one case allocated {allocated:N0} bytes");
        }, iter: Cases, threads: 2);

        output.WriteLine($" {cases} cases, {refused} refused, {run.Elapsed.TotalSeconds:0.0} s"); Assert.Equal(Cases, cases);
        // Most damage must be caught; a mutation generator that broke nothing would prove nothing.
        Assert.True(refused > Cases / 4, $"only {refused} of {Cases} damaged files were refused");
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(50), $"{Cases} cases took {run.Elapsed.TotalSeconds:0} s");
    }
}
