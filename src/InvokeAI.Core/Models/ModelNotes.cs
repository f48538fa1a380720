using System.Globalization;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Models;

/// <summary>
/// What a report tells before any render: a sentence for each thing about a loaded folder that will not work, or
/// works differently from an ordinary SD 1.x model, and why, with what to do about it where there is something.
/// </summary>
internal static class ModelNotes
{
    public static IEnumerable<string> For(DiffusionModel model, ModelRenderDefaults defaults, PosteriorOutput vaeEncoder,
        IReadOnlyList<SubModelReport> subModels)
    {
        var family = model.Family;
        foreach (string contradiction in family.Contradictions(model.Folder))
            yield return contradiction;

        if (UnetNote(model.Unet.Channels) is { } unet) yield return unet;

        foreach (string note in DistillationNotes(family, defaults)) yield return note;

        if (family.Architecture == ModelArchitecture.StableDiffusionXL && HasFloat16(subModels, "vae_decoder"))
            yield return "The VAE decoder runs in fp16: SDXL's original VAE overflows there and its renders fail with NaN values " +
                         "(ModelRunFailed). Unless this one was exported from madebyollin's sdxl-vae-fp16-fix, use that or an fp32 VAE decoder.";

        if (family.Architecture == ModelArchitecture.StableDiffusion2 && model.SchedulerConfig.PredictionType == PredictionType.VPrediction)
            yield return "SD 2.x v-prediction (768-v) models are trained on 768×768 images: renders much smaller than 768 px come out poor. " +
                         "Give a 768-px init image or -Width 768 -Height 768.";

        if (vaeEncoder == PosteriorOutput.SampledInGraph)
            yield return $"The VAE encoder '{model.Folder.VaeEncoderPath}' samples its latent inside the graph (diffusers' convert script): " +
                         "the module runs a copy whose random draw is an input, so renders start from the posterior's mean and repeat " +
                         "exactly, and -VaeSample draws the sample from the seed.";
        if (vaeEncoder == PosteriorOutput.SampledUnseeded)
            yield return $"The VAE encoder '{model.Folder.VaeEncoderPath}' samples its latent with an unseeded random node that could not be " +
                         $"replaced ({model.VaeEncoder.UnseededReason}): the same -Seed does not give exactly the same render twice.";
        if (vaeEncoder == PosteriorOutput.Deterministic)
            yield return "The VAE encoder returns one latent without a posterior to sample: -VaeSample is refused.";

        // The reason itself is long (the loader's own message) and the report carries it as CpuFallbackReason.
        if (model.CpuFallbackReason is not null)
            yield return "Runs on the CPU although CUDA was allowed (CpuFallbackReason says why): renders take far longer than on a GPU.";
    }

    private static string? UnetNote(UnetChannels channels)
    {
        if (channels.Count == UnetChannels.Inpainting)
            return $"The UNet is an inpainting UNet (9 input channels, from {channels.Source}): it is given the mask and the masked " +
                   "image besides the latent, and without -Mask it repaints the whole image.";
        if (channels.Source is null)
            return "The UNet does not declare how many channels it takes and nothing in the folder says, so 4 (an ordinary UNet) " +
                   "are assumed; for an inpainting UNet write {\"in_channels\": 9} into unet/config.json.";
        return null;
    }

    private static IEnumerable<string> DistillationNotes(ModelFamily family, ModelRenderDefaults defaults)
    {
        if (family.IntendedSteps is { } steps)
            yield return $"{family.Name} is distilled for {steps.Fewest}–{steps.Most} steps (its defaults: {defaults}); " +
                         "other step counts render poorly, and renders warn about them.";
        if (family.Distillation == ModelDistillation.Turbo)
            yield return $"{family.Name} runs no classifier-free guidance batch at its default -CfgScale {defaults.CfgScale.ToString(CultureInfo.InvariantCulture)}: one UNet call " +
                         "per step, and the negative prompt is not used. A -CfgScale above 1 doubles the batch and usually renders worse.";
        if (family.Distillation == ModelDistillation.LatentConsistency)
            yield return $"{family.Name} takes guidance as an embedding (timestep_cond) instead of a second batch: one UNet call per step " +
                         "at any -CfgScale, and the negative prompt is not used.";
    }

    private static bool HasFloat16(IReadOnlyList<SubModelReport> subModels, string name) =>
        subModels.Where(sub => sub.Name == name)
            .SelectMany(sub => sub.Inputs.Concat(sub.Outputs))
            .Any(tensor => tensor.ElementType == TensorReport.Float16);
}
