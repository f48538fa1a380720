using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace InvokeAI.PowerShell.Loader;

/// <summary>
/// The module's own load context: the engine (InvokeAI.Core, InvokeAI.DemoModel) and every third-party assembly it
/// needs (ONNX Runtime, ImageSharp, System.Numerics.Tensors, OnnxSharp, Google.Protobuf) load here, from the module's
/// deps/ folder. Another module's copies of those libraries live in PowerShell's default context, where they no longer
/// meet ours: whichever loaded first, each module gets the version it was built with.
/// </summary>
/// <remarks>
/// One instance per process and never unloaded: PowerShell keeps a binary module's assembly loaded after
/// Remove-Module, so a later Import-Module (in any runspace) must find the very same engine types again.
/// </remarks>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    /// <summary>The sub-folder of the module that holds everything loaded here, out of PowerShell's own probing.</summary>
    public const string FolderName = "deps";

    private static readonly Lazy<EngineLoadContext> Shared = new(
        () => new EngineLoadContext(Path.Combine(Path.GetDirectoryName(typeof(EngineLoadContext).Assembly.Location)!, FolderName)),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public static EngineLoadContext Instance => Shared.Value;

    public string Folder { get; }

    private EngineLoadContext(string folder) : base("InvokeAI.PowerShell", isCollectible: false) => Folder = folder;

    /// <summary>The path of a managed assembly in deps/, or null when the module does not ship it.</summary>
    public string? PathOf(AssemblyName name)
    {
        string path = Path.Combine(Folder, name.Name + ".dll");
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Anything the module ships is loaded from deps/ (the runtime asks here first, before the default context);
    /// the framework's own assemblies are not there, and come from the default context as usual.
    /// </summary>
    protected override Assembly? Load(AssemblyName assemblyName) =>
        PathOf(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

    /// <summary>
    /// Native libraries (ONNX Runtime's, its CUDA provider's) lie in deps/ beside the managed assembly that imports
    /// them. ONNX Runtime's own resolver already looks there; this covers any other import from this context.
    /// Zero lets the runtime go on with its usual search, which fails with DllNotFoundException when the module is
    /// another platform's (its libraries carry that platform's names): the "wrong platform" error the engine reports.
    /// </summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (string fileName in PlatformFileNames(unmanagedDllName))
        {
            string path = Path.Combine(Folder, fileName);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out IntPtr handle)) return handle;
        }
        return IntPtr.Zero;
    }

    private static IEnumerable<string> PlatformFileNames(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows())
        {
            yield return name + ".dll";
        }
        else
        {
            string suffix = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
            yield return name + suffix;
            if (!name.StartsWith("lib", StringComparison.Ordinal)) yield return "lib" + name + suffix;
        }
    }
}
