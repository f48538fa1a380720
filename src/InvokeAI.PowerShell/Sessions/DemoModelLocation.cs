using InvokeAI.DemoModel;

namespace InvokeAI.PowerShell.Sessions;

/// <summary>
/// Where the built-in demo model lives: the build puts it in the module's models/demo folder; a module copied
/// without it (or of an older demo version) builds it once into the user's cache folder instead.
/// </summary>
internal static class DemoModelLocation
{
    private static readonly object Gate = new();

    public static string ModuleFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(DemoModelLocation).Assembly.Location)!, "models", "demo");

    public static string CacheFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "InvokeAI.PowerShell", "demo-model", DemoModelBuilder.Version);

    public static string Resolve()
    {
        if (DemoModelBuilder.IsCurrent(ModuleFolder)) return ModuleFolder;
        lock (Gate)
        {
            if (!DemoModelBuilder.IsCurrent(CacheFolder)) DemoModelBuilder.Build(CacheFolder);
            return CacheFolder;
        }
    }
}
