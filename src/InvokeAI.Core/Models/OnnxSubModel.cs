using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// One ONNX sub-model (text encoder, UNet, VAE encoder or decoder) with its session, created once and
/// reused for every render. Runs are thread-safe (ONNX Runtime allows concurrent Run on one session) and
/// cancellable: the token sets the run's terminate flag, which stops inference between kernels.
/// </summary>
internal sealed class OnnxSubModel : IDisposable
{
    private readonly InferenceSession _session;

    public string Name { get; }
    public string FilePath { get; }

    public OnnxSubModel(string name, string filePath, InferenceSession session)
    {
        Name = name;
        FilePath = filePath;
        _session = session;
    }

    public IReadOnlyDictionary<string, NodeMetadata> Inputs => _session.InputMetadata;
    public IReadOnlyDictionary<string, NodeMetadata> Outputs => _session.OutputMetadata;

    public NodeMetadata Input(string name) => _session.InputMetadata[name];

    /// <summary>
    /// Checks that an input exists with an allowed element type and rank; the message names the file, the
    /// input and what a diffusers export would have, so a wrong folder is recognisable at once.
    /// </summary>
    public void RequireInput(string name, int[] ranks, params TensorElementType[] types)
    {
        if (!_session.InputMetadata.TryGetValue(name, out var meta))
            throw Mismatch($"has no input '{name}' (it has {string.Join(", ", _session.InputMetadata.Keys)})");
        Check(name, meta, ranks, types, "input");
    }

    /// <summary>The first of <paramref name="names"/> that the model outputs, checked like an input.</summary>
    public string RequireOutput(string[] names, int[] ranks, params TensorElementType[] types)
    {
        foreach (string name in names)
        {
            if (_session.OutputMetadata.TryGetValue(name, out var meta))
            {
                Check(name, meta, ranks, types, "output");
                return name;
            }
        }
        throw Mismatch($"has no output {string.Join(" or ", names.Select(n => $"'{n}'"))} " +
                       $"(it has {string.Join(", ", _session.OutputMetadata.Keys)})");
    }

    /// <summary>Runs the model and copies the named outputs to float arrays, disposing every native value.</summary>
    /// <param name="releaseMemory">
    /// Give the CPU arena's unused blocks back to the system after the run (-LowMemory's last run of a render), so an
    /// idle session holds its weights, not the largest render's working memory; the next render grows it again.
    /// </param>
    public (float[] Data, long[] Shape)[] Run(
        IReadOnlyList<(string Name, OrtValue Value)> inputs, string[] outputNames, CancellationToken cancel, bool releaseMemory = false)
    {
        // The copy out is the engine's work, not ONNX Runtime's: it stays outside the timed run.
        using var outputs = Guarded(inputs, cancel, releaseMemory, runOptions => _session.Run(runOptions,
            inputs.Select(i => i.Name).ToArray(), inputs.Select(i => i.Value).ToArray(), outputNames));
        return outputs.Select(o => (TensorValues.ToFloats(o), TensorValues.Shape(o))).ToArray();
    }

    /// <summary>
    /// Runs the model into an output tensor the caller made over its own buffer, so a call repeated every step copies
    /// nothing out and allocates no output array. Disposes the inputs, not the output.
    /// </summary>
    public void RunInto(IReadOnlyList<(string Name, OrtValue Value)> inputs, string outputName, OrtValue output, CancellationToken cancel) =>
        Guarded(inputs, cancel, releaseMemory: false, runOptions =>
        {
            _session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), inputs.Select(i => i.Value).ToArray(),
                [outputName], [output]);
            return true;
        });

    private T Guarded<T>(IReadOnlyList<(string Name, OrtValue Value)> inputs, CancellationToken cancel, bool releaseMemory,
        Func<RunOptions, T> run)
    {
        using var runOptions = new RunOptions();
        if (releaseMemory) runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        using var terminateOnCancel = cancel.Register(() => runOptions.Terminate = true);
        try
        {
            // Inside the try, so inputs are disposed even when the run never starts.
            cancel.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            try
            {
                return run(runOptions);
            }
            finally
            {
                ModelRunTally.Add(Stopwatch.GetElapsedTime(started));
            }
        }
        catch (OnnxRuntimeException e) when (cancel.IsCancellationRequested)
        {
            // The runtime's own error is kept as the inner exception: it shows the run was stopped in flight.
            throw new OperationCanceledException($"The {Name} run was cancelled.", e, cancel);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelRunException(FilePath, $"The {Name} '{FilePath}' failed to run: {e.Message.Trim()}", e);
        }
        finally
        {
            foreach (var input in inputs) input.Value.Dispose();
        }
    }

    private void Check(string name, NodeMetadata meta, int[] ranks, TensorElementType[] types, string kind)
    {
        if (!meta.IsTensor || !types.Contains(meta.ElementDataType))
            throw Mismatch($"{kind} '{name}' is {meta.ElementDataType}; expected {string.Join(" or ", types)}");
        if (!ranks.Contains(meta.Dimensions.Length))
            throw Mismatch($"{kind} '{name}' has rank {meta.Dimensions.Length}; expected rank {string.Join(" or ", ranks)}");
    }

    private ModelFolderException Mismatch(string detail) =>
        new(FilePath, $"The {Name} '{FilePath}' {detail}. Is this a Stable Diffusion ONNX export?");

    public void Dispose() => _session.Dispose();
}

/// <summary>
/// The time this thread spent inside ONNX Runtime's Run since <see cref="Start"/>: a render's wall time over it is the
/// engine's overhead. Thread-static, because a render runs on one thread while other renders may share the model.
/// </summary>
internal sealed class ModelRunTally : IDisposable
{
    [ThreadStatic] private static ModelRunTally? t_current;
    private readonly ModelRunTally? _outer;

    public TimeSpan Elapsed { get; private set; }
    public int Calls { get; private set; }

    private ModelRunTally(ModelRunTally? outer) => _outer = outer;

    /// <summary>Starts counting this thread's runs until disposed; a tally started inside another adds to both.</summary>
    public static ModelRunTally Start() => t_current = new ModelRunTally(t_current);

    internal static void Add(TimeSpan elapsed)
    {
        for (var tally = t_current; tally is not null; tally = tally._outer)
        {
            tally.Elapsed += elapsed;
            tally.Calls++;
        }
    }

    public void Dispose() => t_current = _outer;
}
