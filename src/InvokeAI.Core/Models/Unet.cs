using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// The UNet noise predictor. Its timestep input differs between exports (int64 or float32 [batch], a float32
/// rank-0 scalar, float16 in fp16 exports), so the value is shaped and typed as the model declares it.
/// </summary>
internal sealed class Unet
{
    private static readonly string[] KnownInputs = ["sample", "timestep", "encoder_hidden_states"];

    private readonly OnnxSubModel _model;
    private readonly string _outputName;
    private readonly NodeMetadata _timestep;
    private readonly TensorElementType _sampleType;
    private readonly TensorElementType _hiddenType;
    private readonly bool _fixedBatchOfOne;

    private readonly ModelFolder _folder;

    /// <summary>Latent channels the UNet takes (4; 9 for inpainting checkpoints).</summary>
    public int InputChannels => Channels.Count;

    /// <summary>The channel count and where it came from: most exports leave the axis symbolic.</summary>
    public UnetChannels Channels { get; }

    public Unet(OnnxSubModel model, ModelFolder folder)
    {
        _folder = folder;
        _model = model;
        var floatTypes = new[] { TensorElementType.Float, TensorElementType.Float16 };
        model.RequireInput("sample", [4], floatTypes);
        model.RequireInput("timestep", [0, 1], TensorElementType.Float, TensorElementType.Int64, TensorElementType.Float16, TensorElementType.Int32, TensorElementType.Double);
        model.RequireInput("encoder_hidden_states", [3], floatTypes);
        _outputName = model.RequireOutput(["out_sample"], [4], floatTypes);

        string? unknown = model.Inputs.Keys.FirstOrDefault(name => !KnownInputs.Contains(name));
        if (unknown is not null)
            throw new ModelFolderException(model.FilePath,
                $"The UNet '{model.FilePath}' needs an input '{unknown}' this version cannot provide " +
                "(SDXL and LCM UNets are not supported yet; use a Stable Diffusion 1.x or 2.x export).");

        var sample = model.Input("sample");
        _sampleType = sample.ElementDataType;
        _hiddenType = model.Input("encoder_hidden_states").ElementDataType;
        _timestep = model.Input("timestep");
        _fixedBatchOfOne = sample.Dimensions[0] == 1;
        Channels = UnetChannels.Resolve(model, folder);
    }

    /// <summary>
    /// Runs the UNet on <paramref name="batch"/> latents [batch, C, h, w] with one hidden-state block per latent,
    /// all at the same timestep; returns [batch, 4, h, w]. A UNet exported with a fixed batch of one is run once per latent.
    /// </summary>
    public float[] Predict(float[] samples, int batch, int channels, int height, int width, double timestep,
        float[] hiddenStates, int tokens, int hiddenSize, CancellationToken cancel)
    {
        if (!_fixedBatchOfOne || batch == 1)
            return RunBatch(samples, batch, channels, height, width, timestep, hiddenStates, tokens, hiddenSize, cancel);

        int sampleSize = channels * height * width, hiddenBlock = tokens * hiddenSize, outSize = 4 * height * width;
        var result = new float[batch * outSize];
        for (int b = 0; b < batch; b++)
        {
            var one = RunBatch(samples[(b * sampleSize)..((b + 1) * sampleSize)], 1, channels, height, width, timestep,
                hiddenStates[(b * hiddenBlock)..((b + 1) * hiddenBlock)], tokens, hiddenSize, cancel);
            Array.Copy(one, 0, result, b * outSize, outSize);
        }
        return result;
    }

    private float[] RunBatch(float[] samples, int batch, int channels, int height, int width, double timestep,
        float[] hiddenStates, int tokens, int hiddenSize, CancellationToken cancel)
    {
        var inputs = new List<(string, OrtValue)>(3);
        try
        {
            inputs.Add(("sample", TensorValues.FromFloats(samples, [batch, channels, height, width], _sampleType)));
            inputs.Add(("timestep", TimestepValue(timestep, batch)));
            inputs.Add(("encoder_hidden_states", TensorValues.FromFloats(hiddenStates, [batch, tokens, hiddenSize], _hiddenType)));
        }
        catch
        {
            foreach (var (_, value) in inputs) value.Dispose();
            throw;
        }
        float[] data;
        try
        {
            data = _model.Run(inputs, [_outputName], cancel)[0].Data;
        }
        catch (ModelRunException e) when (!Channels.Declared)
        {
            // A count the model did not declare may be wrong (a 9-channel UNet fed 4 fails inside the graph with
            // an error about broadcasting): say where the count came from and which file settles it.
            throw new ModelRunException(e.Path, $"{e.Message} {Channels.Advice(_folder, _model.Input("sample").SymbolicDimensions[1])}", e.InnerException);
        }
        ModelRunException.ThrowIfNotFinite(data, _model);
        return data;
    }

    private OrtValue TimestepValue(double timestep, int batch)
    {
        bool scalar = _timestep.Dimensions.Length == 0;
        var values = Enumerable.Repeat((float)timestep, scalar ? 1 : batch).ToArray();
        // An integer input gets the k-samplers' fractional t as the nearest whole timestep (TensorValues rounds,
        // half to even like numpy): the training level closest to the sample's. diffusers' ONNX pipeline
        // truncates instead (np.array([t], dtype=int64)), which for 908.18 and 908.9 alike gives 908.
        return TensorValues.FromFloats(values, scalar ? [] : [batch], _timestep.ElementDataType);
    }
}
