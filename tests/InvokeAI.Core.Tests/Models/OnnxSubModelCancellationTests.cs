using InvokeAI.Core.Models;
using InvokeAI.DemoModel.GraphBuilding;
using Microsoft.ML.OnnxRuntime;
using Google.Protobuf;
using DataType = Onnx.TensorProto.Types.DataType;

namespace InvokeAI.Core.Tests.Models;

/// <summary>
/// Ctrl+C must stop a model run that is already in flight (a real UNet step takes seconds), not only the next one.
/// The model here is a chain of a thousand cheap elementwise nodes over a large vector: it runs for seconds if
/// nothing stops it, and ONNX Runtime checks the terminate flag between nodes, so a cancellation always lands
/// between two nodes of the run and never only after its last one.
/// </summary>
public sealed class OnnxSubModelCancellationTests : IDisposable
{
    private const int ChainLength = 1000;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"invokeai-chain-{Guid.NewGuid():N}.onnx");
    private readonly OnnxSubModel _model;

    public OnnxSubModelCancellationTests()
    {
        var graph = new OnnxGraphBuilder("sin_cos_chain");
        string value = graph.AddInput("x", DataType.Float, "n");
        // Sin and Cos alternate so no optimiser can merge the chain into one node.
        for (int i = 0; i < ChainLength - 1; i++) value = graph.AddNode(i % 2 == 0 ? "Sin" : "Cos", value);
        graph.AddNode("Sin", [value], output: "y");
        graph.AddOutput("y", DataType.Float, "n");
        using (var file = File.Create(_path)) graph.ToModel("test").WriteTo(file);

        var factory = new SessionFactory(ExecutionProvider.Cpu, 0, _ => { });
        _model = new OnnxSubModel("chain", _path, factory.Open(_path));
    }

    private (float[] Data, long[] Shape)[] Run(float[] input, CancellationToken cancel) =>
        _model.Run([("x", OrtValue.CreateTensorValueFromMemory(input, [input.Length]))], ["y"], cancel);

    [Fact]
    public void CancellingDuringARunTerminatesThatRunAndTheSessionStaysUsable()
    {
        var big = new float[4_000_000];
        OperationCanceledException? stopped = null;
        // The token must fire after the run has started; if the worker thread was slow to start and the check before
        // the run caught it instead (no inner exception), try again with a longer head start.
        foreach (int delayMs in new[] { 50, 200, 800 })
        {
            using var cancel = new CancellationTokenSource();
            var run = Task.Run(() => Run(big, cancel.Token));
            cancel.CancelAfter(delayMs);
            stopped = Assert.ThrowsAny<OperationCanceledException>(() => run.GetAwaiter().GetResult());
            if (stopped.InnerException is not null) break;
        }
        Assert.IsType<OnnxRuntimeException>(stopped!.InnerException);
        Assert.Contains("chain", stopped.Message);

        // The same session runs to completion afterwards, with the right answer.
        float[] small = [0.0f, 0.5f, -1.0f];
        var (data, shape) = Run(small, CancellationToken.None)[0];
        Assert.Equal([3L], shape);
        for (int i = 0; i < small.Length; i++) Assert.Equal(Chain(small[i]), data[i], 4);
    }

    [Fact]
    public void ACancelledTokenStopsTheRunBeforeItStarts()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var stopped = Assert.ThrowsAny<OperationCanceledException>(() => Run([1f], cancel.Token));
        Assert.Null(stopped.InnerException);
    }

    private static double Chain(double x)
    {
        for (int i = 0; i < ChainLength - 1; i++) x = i % 2 == 0 ? Math.Sin(x) : Math.Cos(x);
        return Math.Sin(x);
    }

    public void Dispose()
    {
        _model.Dispose();
        File.Delete(_path);
    }
}
