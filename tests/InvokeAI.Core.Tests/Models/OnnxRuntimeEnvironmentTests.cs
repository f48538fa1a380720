using System.Runtime.InteropServices;
using InvokeAI.Core.Models;

namespace InvokeAI.Core.Tests.Models;

public sealed class OnnxRuntimeEnvironmentTests
{
    [Fact]
    public void AMissingNativeLibraryIsToldAsTheWrongPlatformsPackage_NamingWhatFailed()
    {
        var missing = new TypeInitializationException("Microsoft.ML.OnnxRuntime.NativeMethods",
            new DllNotFoundException("Unable to load shared library 'onnxruntime' or one of its dependencies."));

        var problem = OnnxRuntimeEnvironment.NativeLibraryMissing(missing);

        Assert.Contains(RuntimeInformation.RuntimeIdentifier, problem.Message);
        Assert.Contains("Unable to load shared library 'onnxruntime'", problem.Message);
        Assert.Contains("Install the module's package for this platform", problem.Message);
        Assert.Same(missing, problem.InnerException);
    }

    [Fact]
    public void TheEnvironmentHoldsOneCpuArenaThatTheModulesSessionsShare()
    {
        // Whichever test made ONNX Runtime's environment first (some open sessions directly), the module's arena is registered.
        _ = new SessionFactory(ExecutionProvider.Cpu, 0, _ => { });

        Assert.True(OnnxRuntimeEnvironment.SharesCpuArena);
    }
}
