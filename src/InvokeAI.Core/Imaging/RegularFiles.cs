using System.Runtime.InteropServices;

namespace InvokeAI.Core.Imaging;

/// <summary>
/// Tells, without opening it, whether a path is a regular file. Opening a FIFO blocks until a writer appears, which
/// may be never, and a device such as /dev/zero reads without end: both must be refused before any open.
/// </summary>
/// <remarks>
/// .NET reports a FIFO, a socket and a device on Unix as <see cref="FileAttributes.Normal"/> with a length of 0, and
/// its Unix file mode carries only the permission bits, so the managed API cannot tell them from an empty file. The
/// type is read with stat() through the runtime's own native shim (libSystem.Native, which .NET's file APIs call
/// themselves): unlike libc's struct stat, whose layout differs between architectures and C libraries, the shim's
/// record is the same everywhere and starts with two 32-bit fields, flags and mode. stat follows symbolic links, so a
/// link to a FIFO is refused too. On Windows, pipes and devices are not files in a folder; the attributes say enough.
/// </remarks>
internal static class RegularFiles
{
    /// <summary>True when the path names something other than a regular file (or a link to one), or nothing.</summary>
    public static bool IsNotRegular(string path, out string kind)
    {
        kind = "a regular file";
        if (OperatingSystem.IsWindows())
        {
            var attributes = File.GetAttributes(path);
            if ((attributes & FileAttributes.Directory) != 0) kind = "a folder";
            else if ((attributes & FileAttributes.Device) != 0) kind = "a device";
            return kind != "a regular file";
        }
        int? mode = UnixMode(path);
        if (mode is null) return false; // no shim to ask (an unusual host): the open goes ahead as it always did
        kind = (mode.Value & FileTypeMask) switch
        {
            RegularFile => "a regular file",
            Directory => "a folder",
            Fifo => "a FIFO (named pipe)",
            CharacterDevice or BlockDevice => "a device",
            Socket => "a socket",
            _ => "not a regular file",
        };
        return (mode.Value & FileTypeMask) != RegularFile;
    }

    // The POSIX file type bits, which the shim passes through unchanged on every Unix .NET supports.
    private const int FileTypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int Directory = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int RegularFile = 0x8000;
    private const int Socket = 0xC000;

    // Larger than the shim's record in any .NET version (about 120 bytes), so a field added later cannot overrun it.
    private const int StatRecordBytes = 512;

    private static bool _shimMissing;

    /// <summary>
    /// Whether the shim's record still has the mode where this reads it: checked once against a file and a folder
    /// whose types are known (this assembly and its folder). A runtime that moved the field would otherwise make
    /// every image look like something else; then the check is skipped, as without a shim.
    /// </summary>
    private static readonly Lazy<bool> ShimReadsModes = new(() =>
    {
        string self = typeof(RegularFiles).Assembly.Location;
        if (string.IsNullOrEmpty(self)) return false;
        return RawMode(self) is int file && (file & FileTypeMask) == RegularFile
               && RawMode(Path.GetDirectoryName(self)!) is int folder && (folder & FileTypeMask) == Directory;
    });

    private static int? UnixMode(string path) => ShimReadsModes.Value ? RawMode(path) : null;

    private static int? RawMode(string path)
    {
        if (_shimMissing) return null;
        var record = new byte[StatRecordBytes];
        try
        {
            // A failed stat (missing file, no permission) is left for the open to report in its usual words.
            if (SystemNativeStat(path, record) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _shimMissing = true;
            return null;
        }
        return BitConverter.ToInt32(record, 4);
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] record);
}
