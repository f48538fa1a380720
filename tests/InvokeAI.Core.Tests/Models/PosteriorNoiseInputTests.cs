using Google.Protobuf;
using InvokeAI.Core.Models;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace InvokeAI.Core.Tests.Models;

/// <summary>
/// A convert-script VAE encoder draws its posterior sample with an unseeded RandomNormalLike node; replaced by an
/// input at load, it gives the posterior mean (noise zero) or a sample from noise the caller draws.
/// </summary>
public sealed class PosteriorNoiseInputTests : IDisposable
{
    private const float Scale = 0.18215f;
    private const int Size = 64, LatentValues = 4 * (Size / 8) * (Size / 8);

    private static readonly string ConvertScriptEncoder = Fixture("tiny-sd");
    private static readonly string OptimumEncoder = Fixture("tiny-sd-lp");
    private static readonly string VPredictionEncoder = Fixture("tiny-sd2-v");

    private readonly SessionFactory _factory = new(ExecutionProvider.Cpu, 0, _ => { });
    private readonly List<OnnxSubModel> _opened = [];
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"invokeai-posterior-{Guid.NewGuid():N}");

    private static string Fixture(string folder) =>
        RepoPaths.Combine("tests", "fixtures", "models", folder, "vae_encoder", "model.onnx");

    private VaeEncoder Open(string path)
    {
        var opened = VaeEncoderSession.Open(_factory, "VAE encoder", path, () => Track(new OnnxSubModel("VAE encoder", path, _factory.Open(path))));
        Track(opened.Model);
        return new VaeEncoder(opened, Scale);
    }

    private OnnxSubModel Track(OnnxSubModel model)
    {
        if (!_opened.Contains(model)) _opened.Add(model);
        return model;
    }

    /// <summary>A smooth, varied image in [-1, 1], the same on every call.</summary>
    private static float[] Pixels()
    {
        var pixels = new float[3 * Size * Size];
        for (int c = 0; c < 3; c++)
        for (int y = 0; y < Size; y++)
        for (int x = 0; x < Size; x++)
            pixels[(c * Size + y) * Size + x] = MathF.Sin(0.11f * x * (c + 1) + 0.07f * y) * 0.9f;
        return pixels;
    }

    /// <summary>Standard-normal values from a fixed seed (Box–Muller), as a render's generator would give.</summary>
    private static float[] Noise(int seed)
    {
        var random = new Random(seed);
        var noise = new float[LatentValues];
        for (int i = 0; i < noise.Length; i++)
            noise[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return noise;
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
    }

    [Fact]
    public void TheFileAsExportedDrawsADifferentLatentEachRun()
    {
        // What the rewrite is for: without it the same pixels give two latents.
        using var session = new InferenceSession(ConvertScriptEncoder);
        float[] Run()
        {
            using var pixels = OrtValue.CreateTensorValueFromMemory(Pixels(), [1, 3, Size, Size]);
            using var outputs = session.Run(new RunOptions(), ["sample"], [pixels], ["latent_sample"]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        Assert.NotEqual(Run(), Run());
    }

    [Theory]
    [InlineData("tiny-sd")]
    [InlineData("tiny-sd2-v")]
    public void TheRewrittenEncoderGivesTheSameLatentOnEveryRun(string folder)
    {
        var encoder = Open(Fixture(folder));
        Assert.Equal(PosteriorOutput.SampledInGraph, encoder.Posterior);
        Assert.Equal(encoder.Encode(Pixels(), Size, Size, null, default), encoder.Encode(Pixels(), Size, Size, null, default));
        Assert.Equal(encoder.Encode(Pixels(), Size, Size, Noise(7), default), encoder.Encode(Pixels(), Size, Size, Noise(7), default));
    }

    [Fact]
    public void TheRewrittenEncodersMeanIsTheOptimumExportsMean()
    {
        float[] sampledInGraph = Open(ConvertScriptEncoder).Encode(Pixels(), Size, Size, null, default);
        var optimum = Open(OptimumEncoder);
        Assert.Equal(PosteriorOutput.LatentParameters, optimum.Posterior);
        float[] mean = optimum.Encode(Pixels(), Size, Size, null, default);

        Assert.True(MaxDifference(sampledInGraph, mean) < 1e-4f, $"max difference {MaxDifference(sampledInGraph, mean)}");
        // Not a match of two near-zero latents.
        Assert.True(mean.Max(MathF.Abs) > 0.1f);
    }

    [Fact]
    public void WithNoiseBothExportsGiveTheMeanPlusStdTimesNoise()
    {
        float[] noise = Noise(1234);
        var (mean, std) = OptimumMeanAndStd();
        float[] expected = mean.Select((m, i) => (m + std[i] * noise[i]) * Scale).ToArray();

        float[] sampledInGraph = Open(ConvertScriptEncoder).Encode(Pixels(), Size, Size, noise, default);
        float[] fromParameters = Open(OptimumEncoder).Encode(Pixels(), Size, Size, noise, default);

        Assert.True(MaxDifference(sampledInGraph, expected) < 1e-4f, $"max difference {MaxDifference(sampledInGraph, expected)}");
        Assert.True(MaxDifference(fromParameters, expected) < 1e-5f, $"max difference {MaxDifference(fromParameters, expected)}");
        // The noise moved the latent by much more than the tolerance: the sample is not the mean.
        float[] scaledMean = mean.Select(m => m * Scale).ToArray();
        Assert.True(MaxDifference(sampledInGraph, scaledMean) > 1e-3f, $"moved by {MaxDifference(sampledInGraph, scaledMean)}");
    }

    /// <summary>The posterior's mean and std as the optimum export's latent_parameters give them, unscaled.</summary>
    private static (float[] Mean, float[] Std) OptimumMeanAndStd()
    {
        using var session = new InferenceSession(OptimumEncoder);
        using var pixels = OrtValue.CreateTensorValueFromMemory(Pixels(), [1, 3, Size, Size]);
        using var outputs = session.Run(new RunOptions(), ["sample"], [pixels], ["latent_parameters"]);
        float[] parameters = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(2 * LatentValues, parameters.Length);
        float[] mean = parameters[..LatentValues];
        float[] std = parameters[LatentValues..].Select(v => MathF.Exp(0.5f * Math.Clamp(v, -30f, 20f))).ToArray();
        return (mean, std);
    }

    [Fact]
    public void TheVPredictionFoldersEncoderSamplesWithItsLargeStd()
    {
        var encoder = Open(VPredictionEncoder);
        float[] mean = encoder.Encode(Pixels(), Size, Size, null, default);
        float[] sample = encoder.Encode(Pixels(), Size, Size, Noise(5), default);
        Assert.True(MaxDifference(mean, sample) > 1e-2f, $"moved by {MaxDifference(mean, sample)}");
    }

    [Fact]
    public void AGraphWithoutRandomNormalLikeIsNotRewritten()
    {
        Assert.Null(PosteriorNoiseInputRewrite.Apply(File.ReadAllBytes(OptimumEncoder)));
        Assert.Null(PosteriorNoiseInputRewrite.Apply(RandomVaeEncoders.NamingRandomNormalLikeWithoutOne().ToByteArray()));
    }

    [Fact]
    public void TwoRandomNormalLikeNodesAreRefused()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            PosteriorNoiseInputRewrite.Apply(RandomVaeEncoders.SamplingWithTwoRandomNormalLikes().ToByteArray()));
        Assert.Contains("2 RandomNormalLike nodes", e.Message);
    }

    [Fact]
    public void TheRewriteReplacesOnlyTheNodeAndAddsTheInput()
    {
        byte[] original = File.ReadAllBytes(ConvertScriptEncoder);
        var before = ModelProto.Parser.ParseFrom(original);
        var after = ModelProto.Parser.ParseFrom(PosteriorNoiseInputRewrite.Apply(original)!.Model);

        Assert.DoesNotContain(after.Graph.Node, node => node.OpType == "RandomNormalLike");
        var random = before.Graph.Node.Single(node => node.OpType == "RandomNormalLike");
        var identity = after.Graph.Node.Single(node => node.Output.SequenceEqual(random.Output));
        Assert.Equal("Identity", identity.OpType);
        Assert.Equal([PosteriorNoiseInputRewrite.InputName], identity.Input);
        Assert.Equal(before.Graph.Input.Select(i => i.Name).Append(PosteriorNoiseInputRewrite.InputName), after.Graph.Input.Select(i => i.Name));
        // Everything else is as it was: the model with the node and input put back is the original.
        after.Graph.Input.RemoveAt(after.Graph.Input.Count - 1);
        after.Graph.Node[after.Graph.Node.IndexOf(identity)] = random;
        Assert.Equal(before, after);
    }

    [Fact]
    public void ADeterministicEncoderRefusesNoiseItCouldNotUse()
    {
        var deterministic = Path.Combine(_scratch, "deterministic.onnx");
        Directory.CreateDirectory(_scratch);
        File.WriteAllBytes(deterministic, RandomVaeEncoders.NamingRandomNormalLikeWithoutOne().ToByteArray());
        var encoder = Open(deterministic);

        Assert.Equal(PosteriorOutput.Deterministic, encoder.Posterior);
        Assert.Equal(new float[LatentValues], encoder.Encode(Pixels(), Size, Size, null, default));
        var e = Assert.Throws<InvalidOperationException>(() => encoder.Encode(Pixels(), Size, Size, Noise(1), default));
        Assert.Contains(deterministic, e.Message);
    }

    [Fact]
    public void AnEncoderWhoseWeightsLieBesideItIsRewrittenWithThem()
    {
        Directory.CreateDirectory(_scratch);
        string path = Path.Combine(_scratch, "model.onnx");
        var weights = Enumerable.Range(0, RandomVaeEncoders.WeightCount).Select(i => (i % 11 - 5) / 50f).ToArray();
        var model = RandomVaeEncoders.SamplingWithRandomNormalLike(weights);
        var kernel = model.Graph.Initializer.Single(tensor => tensor.Name == "weights");
        File.WriteAllBytes(Path.Combine(_scratch, "weights.bin"), kernel.RawData.ToByteArray());
        kernel.RawData = ByteString.Empty;
        kernel.DataLocation = TensorProto.Types.DataLocation.External;
        kernel.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        File.WriteAllBytes(path, model.ToByteArray());

        var rewrite = PosteriorNoiseInputRewrite.Apply(File.ReadAllBytes(path))!;
        Assert.True(rewrite.HasExternalData);
        // Bytes have no folder of their own: the weights are looked for beside the path given, and nowhere else.
        Assert.ThrowsAny<OnnxRuntimeException>(() => _factory.Open(Path.Combine(_scratch, "elsewhere", "model.onnx"), rewrite.Model, true).Dispose());

        var encoder = Open(path);
        Assert.Equal(PosteriorOutput.SampledInGraph, encoder.Posterior);
        // The graph multiplies its draw by zero, so the file's own output is the mean, whatever noise is fed.
        using var original = new OnnxSubModel("VAE encoder", path, _factory.Open(path));
        var (expected, _) = original.Run([("sample", OrtValue.CreateTensorValueFromMemory(Pixels(), [1, 3, Size, Size]))], ["latent_sample"], default)[0];
        float[] latent = encoder.Encode(Pixels(), Size, Size, Noise(3), default);
        Assert.Equal(expected.Select(v => v * Scale), latent);
        Assert.True(latent.Max(MathF.Abs) > 0.01f);
    }

    public void Dispose()
    {
        foreach (var model in _opened) model.Dispose();
        try { Directory.Delete(_scratch, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
