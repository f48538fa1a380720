using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Models;

/// <summary>
/// The UNet noise predictor. Its timestep input differs between exports (int64 or float32 [batch], a float32
/// rank-0 scalar, float16 in fp16 exports), so the value is shaped and typed as the model declares it. Besides the
/// hidden states, an SDXL UNet takes <c>text_embeds</c> and <c>time_ids</c> and an LCM UNet <c>timestep_cond</c>;
/// which of these it takes is read from the graph, and decides the model's family.
/// </summary>
internal sealed class Unet
{
    public const string TextEmbedsInput = "text_embeds", TimeIdsInput = "time_ids", TimestepCondInput = "timestep_cond";
    private static readonly string[] KnownInputs = ["sample", "timestep", "encoder_hidden_states", TextEmbedsInput, TimeIdsInput, TimestepCondInput];

    private readonly OnnxSubModel _model;
    private readonly string _outputName;
    private readonly NodeMetadata _timestep;
    private readonly TensorElementType _sampleType;
    private readonly TensorElementType _outputType;
    private readonly bool _fixedBatchOfOne;

    private readonly ModelFolder _folder;

    /// <summary>Whether the UNet runs one latent per call: its batch axis is symbolic or fixed at 1 (some static exports fix it at 2).</summary>
    public bool TakesBatchOfOne { get; }

    /// <summary>
    /// The token count <c>encoder_hidden_states</c> is fixed at (its axis 1), or null when the axis is symbolic, as
    /// diffusers' convert script and optimum export it: such a UNet takes a long prompt's chunks laid end to end.
    /// </summary>
    public int? FixedTokenCount => _model.Input("encoder_hidden_states").Dimensions[1] is > 0 and var tokens ? tokens : null;

    public string FilePath => _model.FilePath;

    /// <summary>Latent channels the UNet takes (4; 9 for inpainting checkpoints).</summary>
    public int InputChannels => Channels.Count;

    /// <summary>The channel count and where it came from: most exports leave the axis symbolic.</summary>
    public UnetChannels Channels { get; }

    /// <summary>Takes SDXL's added conditioning: the pooled text embedding and the six size and crop numbers.</summary>
    public bool TakesTextTimeConditioning => _model.Inputs.ContainsKey(TextEmbedsInput) && _model.Inputs.ContainsKey(TimeIdsInput);

    /// <summary>Takes LCM's guidance embedding; its width (256 for every released LCM) is the input's second axis.</summary>
    public int? GuidanceEmbeddingSize => _model.Inputs.TryGetValue(TimestepCondInput, out var input)
        ? input.Dimensions[1] > 0 ? input.Dimensions[1] : 256
        : null;

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
                $"The UNet '{model.FilePath}' needs an input '{unknown}' this version cannot provide (it knows {string.Join(", ", KnownInputs)}: " +
                "SD 1.x/2.x, SDXL and LCM UNets; ControlNet and adapter inputs are not supported).");
        if (model.Inputs.ContainsKey(TextEmbedsInput) != model.Inputs.ContainsKey(TimeIdsInput))
            throw new ModelFolderException(model.FilePath,
                $"The UNet '{model.FilePath}' takes only one of '{TextEmbedsInput}' and '{TimeIdsInput}'; an SDXL UNet takes both.");
        if (model.Inputs.ContainsKey(TextEmbedsInput)) model.RequireInput(TextEmbedsInput, [2], floatTypes);
        if (model.Inputs.ContainsKey(TimeIdsInput)) model.RequireInput(TimeIdsInput, [2], floatTypes);
        if (model.Inputs.ContainsKey(TimestepCondInput)) model.RequireInput(TimestepCondInput, [2], floatTypes);

        var sample = model.Input("sample");
        _sampleType = sample.ElementDataType;
        _outputType = model.Outputs[_outputName].ElementDataType;
        _timestep = model.Input("timestep");
        _fixedBatchOfOne = sample.Dimensions[0] == 1;
        TakesBatchOfOne = sample.Dimensions[0] is <= 0 or 1;
        Channels = UnetChannels.Resolve(model, folder);
    }

    /// <summary>
    /// The conditioning of a render's UNet calls, converted to the declared types: <paramref name="hiddenStates"/>
    /// [batch, tokens, hidden] and, by name, the extra inputs this UNet takes ([batch, n] each). An extra input the
    /// UNet does not take is ignored; one it takes but is not given is an error in the caller.
    /// </summary>
    public UnetConditioning Condition(int batch, float[] hiddenStates, int tokens, int hiddenSize, IReadOnlyDictionary<string, float[]> extras)
    {
        var inputs = new List<UnetInput>
        {
            new("encoder_hidden_states", TensorValues.Converted(hiddenStates, _model.Input("encoder_hidden_states").ElementDataType), [batch, tokens, hiddenSize]),
        };
        foreach (string name in new[] { TextEmbedsInput, TimeIdsInput, TimestepCondInput })
        {
            if (!_model.Inputs.TryGetValue(name, out var declared)) continue;
            if (!extras.TryGetValue(name, out var values))
                throw new InvalidOperationException($"The UNet '{_model.FilePath}' needs '{name}', which the render did not provide.");
            inputs.Add(new(name, TensorValues.Converted(values, declared.ElementDataType), [batch, values.Length / batch]));
        }
        return new UnetConditioning(batch, inputs);
    }

    /// <summary>
    /// Runs the UNet on <paramref name="batch"/> latents [batch, C, h, w], one conditioning row per latent, all at the
    /// same timestep, writing [batch, 4, h, w] into <paramref name="output"/>. A UNet exported with a fixed batch of one
    /// is run once per latent.
    /// </summary>
    /// <remarks>
    /// Both sides are the caller's buffers, reused every step: a float32 UNet reads the samples and writes its
    /// prediction in place through tensors pinned over them, so a step allocates no latent-sized array (float16 UNets
    /// still convert on the way in and out).
    /// </remarks>
    public void Predict(Memory<float> samples, int batch, int channels, int height, int width, double timestep,
        UnetConditioning conditioning, Memory<float> output, CancellationToken cancel)
    {
        int sampleSize = channels * height * width, outSize = 4 * height * width;
        if (samples.Length != batch * sampleSize || output.Length != batch * outSize)
            throw new ArgumentException($"{batch} latents of {channels}×{height}×{width} take {batch * sampleSize} values and give {batch * outSize}; " +
                                        $"got {samples.Length} and room for {output.Length}.");
        if (!_fixedBatchOfOne || batch == 1)
        {
            RunBatch(samples, batch, channels, height, width, timestep, conditioning, output, cancel);
            return;
        }
        for (int b = 0; b < batch; b++)
            RunBatch(samples.Slice(b * sampleSize, sampleSize), 1, channels, height, width, timestep,
                conditioning.Row(b), output.Slice(b * outSize, outSize), cancel);
    }

    /// <summary>As the other overload, into a new array.</summary>
    public float[] Predict(float[] samples, int batch, int channels, int height, int width, double timestep,
        UnetConditioning conditioning, CancellationToken cancel)
    {
        var output = new float[batch * 4 * height * width];
        Predict(samples, batch, channels, height, width, timestep, conditioning, output, cancel);
        return output;
    }

    private void RunBatch(Memory<float> samples, int batch, int channels, int height, int width, double timestep,
        UnetConditioning conditioning, Memory<float> output, CancellationToken cancel)
    {
        long[] sampleShape = [batch, channels, height, width], outputShape = [batch, 4, height, width];
        var inputs = new List<(string, OrtValue)>(2 + conditioning.Inputs.Count);
        try
        {
            inputs.Add(("sample", _sampleType == TensorElementType.Float
                ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, samples, sampleShape)
                : TensorValues.FromFloats(samples.ToArray(), sampleShape, _sampleType)));
            inputs.Add(("timestep", TimestepValue(timestep, batch)));
            foreach (var input in conditioning.Inputs) inputs.Add((input.Name, TensorValues.Wrap(input.Data, input.Shape)));
        }
        catch
        {
            foreach (var (_, value) in inputs) value.Dispose();
            throw;
        }
        try
        {
            if (_outputType == TensorElementType.Float)
            {
                using var prediction = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output, outputShape);
                _model.RunInto(inputs, _outputName, prediction, cancel);
            }
            else
            {
                float[] data = _model.Run(inputs, [_outputName], cancel)[0].Data;
                if (data.Length != output.Length)
                    throw new ModelRunException(_model.FilePath,
                        $"The UNet '{_model.FilePath}' returned {data.Length} values for {batch} latents of {height}×{width}; {output.Length} (4 channels) were expected.");
                data.AsSpan().CopyTo(output.Span);
            }
        }
        catch (ModelRunException e) when (!Channels.Declared)
        {
            // A count the model did not declare may be wrong (a 9-channel UNet fed 4 fails inside the graph with
            // an error about broadcasting): say where the count came from and which file settles it.
            throw new ModelRunException(e.Path, $"{e.Message} {Channels.Advice(_folder, _model.Input("sample").SymbolicDimensions[1])}", e.InnerException);
        }
        ModelRunException.ThrowIfNotFinite(output.Span, _model);
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
