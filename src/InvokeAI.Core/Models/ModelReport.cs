using System.Globalization;

namespace InvokeAI.Core.Models;

/// <summary>
/// What a model folder is and what will work with it, read from the loaded model before any render: its family
/// and precision, the sampler and settings renders take unless told, every sub-model's contract, where it runs,
/// and a sentence for everything that will not work or differs (<see cref="Notes"/>).
/// </summary>
/// <remarks>Only strings, numbers and the module's own records, so it can be shown, compared and serialised anywhere.</remarks>
public sealed record ModelReport
{
    public const string Fp32 = "fp32", Fp16 = "fp16", Mixed = "mixed";

    /// <summary>The model folder.</summary>
    public required string Path { get; init; }
    /// <summary>SD 1.x, SD 2.x, SDXL, SDXL-Turbo, SD-Turbo, LCM, LCM-SDXL (<see cref="ModelFamily.Name"/>).</summary>
    public required string Family { get; init; }
    public required ModelArchitecture Architecture { get; init; }
    public required ModelDistillation Distillation { get; init; }
    /// <summary>model_index.json's _class_name; null when the index does not name one.</summary>
    public string? PipelineClass { get; init; }
    /// <summary>fp32, fp16, or mixed: the element types of the sub-models' floating-point inputs and outputs.</summary>
    public required string Precision { get; init; }
    /// <summary>The VAE's scaling factor, as the config writes it (0.13025, not the float's 0.130249996…).</summary>
    public required double LatentScale { get; init; }
    /// <summary>The config file that states <see cref="LatentScale"/>, or why the default was taken.</summary>
    public required string LatentScaleSource { get; init; }
    public required SchedulerReport Scheduler { get; init; }
    /// <summary>The settings a render takes when none are given: the family's over InvokeAI's defaults.</summary>
    public required ModelRenderDefaults Defaults { get; init; }
    /// <summary>The step counts a distilled family is made for ("1–4"); null for models that take any.</summary>
    public string? IntendedSteps { get; init; }
    /// <summary>The latent channels the UNet takes: 4, or 9 for an inpainting UNet.</summary>
    public required int UnetInputChannels { get; init; }
    public required PosteriorOutput VaeEncoder { get; init; }
    /// <summary>text_encoder, text_encoder_2, unet, vae_encoder, vae_decoder: each one's file, size and contract.</summary>
    public required IReadOnlyList<SubModelReport> SubModels { get; init; }
    /// <summary>The model files with their external weights.</summary>
    public long SizeBytes => SubModels.Sum(sub => sub.SizeBytes);
    public double SizeMB => Math.Round(SizeBytes / 1048576.0, 1);
    /// <summary>"CPU" or "CUDA (device n)": what the sessions run on.</summary>
    public required string Provider { get; init; }
    /// <summary>Why the model runs on the CPU although CUDA was allowed; null when it runs on what was asked for.</summary>
    public string? CpuFallbackReason { get; init; }
    /// <summary>What will not work with this model, or works differently from an ordinary SD 1.x model, and why.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The report of a loaded model. Reads only what loading has read already, besides file sizes.</summary>
    public static ModelReport Of(DiffusionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var family = model.Family;
        var defaults = ModelRenderDefaults.Of(family);
        var subModels = model.SubModels.Select(SubModelReport.Of).OrderBy(sub => DisplayOrder(sub.Name)).ToArray();
        var vaeEncoder = model.VaeEncoder.Posterior;
        return new ModelReport
        {
            Path = model.Path,
            Family = family.Name,
            Architecture = family.Architecture,
            Distillation = family.Distillation,
            PipelineClass = model.Folder.Index.PipelineClass,
            Precision = PrecisionOf(subModels),
            // The float's shortest decimal spelling, which is the config's, so 0.13025 compares equal in PowerShell.
            LatentScale = double.Parse(model.LatentScale.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            LatentScaleSource = LatentScaleSourceOf(model),
            Scheduler = SchedulerReport.Of(model.SchedulerConfig, defaults.Sampler),
            Defaults = defaults,
            IntendedSteps = family.IntendedSteps is { } steps ? $"{steps.Fewest}–{steps.Most}" : null,
            UnetInputChannels = model.Unet.InputChannels,
            VaeEncoder = vaeEncoder,
            SubModels = subModels,
            Provider = model.Provider,
            CpuFallbackReason = model.CpuFallbackReason,
            Notes = ModelNotes.For(model, defaults, vaeEncoder, subModels).ToArray(),
        };
    }

    public override string ToString() => $"{Family} ({Precision}) {Path}";

    /// <summary>
    /// fp16 when every floating-point input and output is float16, fp32 when every one is float32, mixed otherwise
    /// (an fp16 UNet with fp32 encoders, or a graph that converts at its edges).
    /// </summary>
    internal static string PrecisionOf(IEnumerable<SubModelReport> subModels)
    {
        var floatTypes = subModels.SelectMany(sub => sub.Inputs.Concat(sub.Outputs))
            .Where(tensor => tensor.IsFloat)
            .Select(tensor => tensor.ElementType)
            .Distinct()
            .ToArray();
        return floatTypes switch
        {
            [TensorReport.Float16] => Fp16,
            [TensorReport.Float32] or [] => Fp32,
            _ => Mixed,
        };
    }

    private static string LatentScaleSourceOf(DiffusionModel model)
    {
        var (_, configPath) = VaeScale.Locate(model.Folder);
        return configPath is null
            ? $"{model.Family.Name}'s own: no scaling_factor in the VAE configs"
            : $"scaling_factor in {System.IO.Path.GetRelativePath(model.Folder.Root, configPath).Replace('\\', '/')}";
    }

    /// <summary>The pipeline's order: prompts are encoded, denoised, then decoded.</summary>
    private static int DisplayOrder(string subModel) => subModel switch
    {
        "text_encoder" => 0,
        "text_encoder_2" => 1,
        "unet" => 2,
        "vae_encoder" => 3,
        "vae_decoder" => 4,
        _ => 5,
    };
}
