using System.Diagnostics;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines.Inpainting;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// img2img: encode the init image, noise it to the level the strength selects, denoise the remaining steps
/// with classifier-free guidance, decode. With a mask, or transparent pixels in the init image, only the masked
/// region is repainted (see Inpainting/). Runs on the caller's thread; cancellation stops it between and
/// inside model runs and leaves the model usable.
/// </summary>
public static class Img2ImgPipeline
{
    /// <remarks>
    /// Draw order (part of reproducibility): a fresh generator of the request's noise source is seeded with the
    /// seed; with VaeSample its first draw is the posterior sample's ε (diffusers' img2img pipelines sample the
    /// posterior with the render's generator before they draw the noise); the next draw, randn(1, 4, h, w), is the
    /// img2img noise (one draw later with a k_ sampler under <see cref="RenderCompatibility.InvokeAI2"/>, as
    /// <see cref="InvokeAI2Behaviour"/> explains); ancestral samplers (k_euler_a, k_dpm_2_a, ddim with η &gt; 0, lcm)
    /// continue the same stream, one randn(1, 4, h, w) per step that adds noise. Variations slerp the img2img noise
    /// toward the first draw of a fresh generator per variation seed, in the recorded order; they do not touch the
    /// seed's own stream, so ancestral noise is the same with or without them.
    /// </remarks>
    public static DiffusionImage Render(DiffusionModel model, Img2ImgRequest request, IRenderObserver? observer = null,
        CancellationToken cancel = default)
    {
        observer ??= NullRenderObserver.Instance;
        using var lease = model.AcquireRender();
        var settings = Complete(request.Settings, model.Family);
        // DenoiseSteps asks for the steps actually run: a longer schedule where strength cuts it, the same count for lcm.
        int steps = settings.DenoiseSteps is int wanted
            ? SamplerCatalog.Find(settings.Sampler!).StrengthCutsSteps ? StrengthSchedule.TotalStepsFor(wanted, settings.Strength!.Value) : wanted
            : settings.Steps!.Value;
        var total = Stopwatch.StartNew();
        using var modelRuns = ModelRunTally.Start();
        var sampler = CreateSampler(settings, model, steps);

        var init = PrepareInitImage(request.InitImage, request.SourcePath, settings, observer);
        bool xl = model.Family.Architecture == ModelArchitecture.StableDiffusionXL;
        if (!xl && (settings.OriginalSize is not null || settings.CropTopLeft is not null))
            observer.Warning($"OriginalSize and CropTopLeft condition SDXL models only; this {model.Family.Name} model ignores them.");
        int latentWidth = init.Width / 8, latentHeight = init.Height / 8;
        var mask = InpaintMaskSelection.Select(request, settings.InvertMask!.Value, init, observer);

        var stage = Stopwatch.StartNew();
        var guidance = PromptGuidance.Encode(model, settings, init.Width, init.Height, observer, cancel);
        observer.Verbose($"Text encoding: {stage.Elapsed.TotalSeconds:0.00} s");

        var noiseSource = settings.NoiseSource!.Value;
        var generator = NoiseGenerators.Create(noiseSource, settings.Seed!.Value);
        stage.Restart();
        // The posterior mean: the same init latent for every seed, from either exporter's encoder; or with VaeSample
        // a sample of the posterior, its ε the seed's first draw.
        float[]? posteriorNoise = settings.VaeSample == true ? PosteriorNoise(model, generator, 4 * latentWidth * latentHeight) : null;
        // Large images go through the VAE in overlapping tiles (VaeTiling), blended across the overlaps.
        bool tiled = VaeTiling.ShouldTile(settings.Tiled, init.Width, init.Height);
        string initHash = Sha256Hex.Of(init.Pixels);
        float[] cleanLatent = posteriorNoise is null
            // The mean is the same for every seed: each repeat of one init image takes it from the model's cache (a
            // copy, as the render's observers are given it). Tiled and whole encodes differ a little: both are keys.
            ? (float[])EncodingCaches.Of(model).InitLatents.GetOrAdd($"{initHash}:{init.Width}x{init.Height}:{(tiled ? "tiled" : "whole")}",
                () => model.VaeEncoder.Encode(ImageTensors.ToTensor(init), init.Width, init.Height, null, tiled, cancel)).Clone()
            : model.VaeEncoder.Encode(ImageTensors.ToTensor(init), init.Width, init.Height, posteriorNoise, tiled, cancel);
        var conditioning = InpaintingConditioning.For(model, mask, init, tiled, cancel);
        observer.Verbose($"VAE encoding of {init.Width}×{init.Height}{(tiled ? " in tiles" : "")}: {stage.Elapsed.TotalSeconds:0.00} s");

        // The sampler says where strength starts it: most cut the schedule, LCM runs every step of its own timesteps.
        int start = InvokeAI2Behaviour.FirstStep(settings, sampler, steps);
        int taken = steps - start;
        WarnAboutStepsForFamily(model.Family, steps, observer);
        var variations = AppliedVariations(settings);
        float[] latent = (float[])cleanLatent.Clone();
        float[]? noise = null;
        if (taken > 0)
        {
            noise = VariationNoise.Apply(InvokeAI2Behaviour.Img2ImgNoise(generator, latent.Length, settings), noiseSource, variations);
            sampler.AddNoise(latent, noise, start);
        }
        // Ordinary UNets inpaint by having their kept region reset after every step; inpainting UNets do it themselves.
        var blend = mask is not null && conditioning is null && noise is not null
            ? new LatentMaskBlend(sampler, cleanLatent, noise, mask.ToLatentGrid())
            : null;
        bool copies = observer.WantsLatents;
        observer.Started(new RenderStep(0, taken, start < steps ? sampler.Timesteps[start] : 0, sampler.Sigmas[start],
            TimeSpan.Zero, copies ? (float[])latent.Clone() : [], copies ? cleanLatent : []));

        stage.Restart();
        // On the CPU guidance's halves run as two calls: as fast as one batch of two (bench-sd-lp 20.2 s either way) at
        // three quarters of the peak (2.9 against 4.0 GB), since the UNet's attention is held for one image at a time.
        // A GPU gains from the batch, so there only -LowMemory splits it; a UNet exported for batches of two keeps them.
        bool halvesApart = (request.LowMemory || !model.UsesCuda) && model.Unet.TakesBatchOfOne;
        ModelFunction unet = (input, timestep) =>
            guidance.Predict(model.Unet, conditioning?.Extend(input) ?? input, latentWidth, latentHeight, timestep, cancel, halvesApart);
        // What each step allocates on this thread, for the steady-state figure (the first steps make the buffers).
        var stepBytes = new long[taken];
        for (int i = start; i < steps; i++)
        {
            cancel.ThrowIfCancellationRequested();
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            float[] denoised = sampler.Step(i, latent, unet, generator);
            blend?.Apply(latent, i + 1);
            observer.StepCompleted(new RenderStep(i - start + 1, taken, sampler.Timesteps[i], sampler.Sigmas[i],
                stage.Elapsed, copies ? (float[])latent.Clone() : [], copies ? (float[])denoised.Clone() : []));
            stepBytes[i - start] = GC.GetAllocatedBytesForCurrentThread() - allocated;
        }
        if (taken > 0)
        {
            // The rate as the progress bar gives it: a fixed "0.000 s/step" says nothing about a fast model.
            observer.Verbose($"Denoising: {taken} steps with {sampler.Name} in {stage.Elapsed.TotalSeconds:0.00} s ({StepRate.Describe(stage.Elapsed, taken)})");
            Array.Sort(stepBytes);
            observer.Verbose($"Managed allocation while denoising: {stepBytes[taken / 2]} bytes per step (median; the most {stepBytes[^1]})");
        }

        stage.Restart();
        var (pixels, width, height) = model.VaeDecoder.Decode(latent, latentWidth, latentHeight, tiled, cancel,
            // -LowMemory: the decode is the render's last run (each tile's, when tiled); after it an idle session gives
            // the CPU arena's working memory back.
            releaseMemory: request.LowMemory);
        var decoded = ImageTensors.FromTensor(pixels, width, height, truncate: InvokeAI2Behaviour.TruncatesPixels(settings));
        observer.Verbose($"VAE decoding{(tiled ? " in tiles" : "")}: {stage.Elapsed.TotalSeconds:0.00} s");
        // The engine's overhead is the render's time outside ONNX Runtime.
        observer.Verbose($"Model runs: {modelRuns.Elapsed.TotalSeconds:0.000} s in {modelRuns.Calls} calls; render {total.Elapsed.TotalSeconds:0.000} s");
        model.CountRender();

        return new DiffusionImage
        {
            // Inpainting keeps the init image's own pixels wherever the mask keeps them.
            Pixels = mask is null ? decoded : InpaintComposite.Compose(init, decoded, mask, settings.MaskBlur!.Value),
            // What repeats this render: the schedule's length as run, the size rendered at, every variation applied
            // (the new one included), and the mask's settings only where there was a mask.
            Settings = settings with
            {
                Steps = steps,
                DenoiseSteps = null,
                Sampler = sampler.Name,
                Width = init.Width,
                Height = init.Height,
                Fit = null,
                Variations = variations,
                Variation = null,
                VariationSeed = null,
                InvertMask = mask is null ? null : settings.InvertMask,
                MaskBlur = mask is null ? null : settings.MaskBlur,
                // SDXL's size conditioning means nothing to other families.
                OriginalSize = xl ? settings.OriginalSize : null,
                CropTopLeft = xl ? settings.CropTopLeft : null,
                // Tiling changes the pixels a little: a render records it when it tiled, or when tiling was refused.
                Tiled = tiled || settings.Tiled is not null ? tiled : null,
            },
            StepsTaken = taken,
            Inpainted = mask is not null,
            InitImageHash = initHash,
            MaskHash = mask?.Hash,
            MaskSource = mask is null ? null : request.Mask is null ? MaskSource.Transparency : MaskSource.Mask,
            MaskPath = mask is null ? null : request.MaskPath,
            SourcePath = request.SourcePath,
            Model = model.Path,
            Provider = model.Provider,
            Duration = total.Elapsed,
        };
    }

    /// <summary>
    /// The requested settings made whole: the family's own defaults (a Turbo model's few steps) and then InvokeAI's
    /// filled in, seeds chosen, every range and rule checked.
    /// </summary>
    private static RenderSettings Complete(RenderSettings requested, ModelFamily family)
    {
        var settings = requested.Over(family.RenderDefaults).WithDefaults().WithSeedsChosen();
        if (settings.Prompt is null) throw new PromptMissingException("A render needs a prompt.");
        RenderRules.Check(settings);
        return settings;
    }

    private static ISampler CreateSampler(RenderSettings settings, DiffusionModel model, int steps)
    {
        try
        {
            var config = InvokeAI2Behaviour.SchedulerConfigFor(settings, model.SchedulerConfig);
            return InvokeAI2Behaviour.SamplerFor(settings, config, steps) ?? SamplerCatalog.Create(settings.Sampler!, config, steps, settings.Karras!.Value, settings.Eta!.Value,
                settings.Strength!.Value);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // A step count the model's timestep spacing cannot honour (1000 steps with leading spacing and
            // steps_offset 1 ask for timestep 1000; more lcm steps than its distillation has at this strength):
            // the user's setting, refused for this model, named as the sampler named it.
            string setting = e.ParamName == "strength" ? nameof(RenderSettings.Strength) : nameof(RenderSettings.Steps);
            throw new RenderSettingException(setting, e.Message, SettingSource.Given, e);
        }
    }

    /// <summary>
    /// ε for a sample of the VAE's posterior, drawn from the render's generator; refused for an encoder that has no
    /// posterior to sample (a deterministic latent) or samples it with its own unseeded draw.
    /// </summary>
    private static float[] PosteriorNoise(DiffusionModel model, IGaussianNoiseGenerator generator, int length)
    {
        if (model.VaeEncoder.Posterior is PosteriorOutput.Deterministic or PosteriorOutput.SampledUnseeded)
            throw new RenderSettingException(nameof(RenderSettings.VaeSample),
                $"The VAE encoder '{model.Folder.VaeEncoderPath}' gives no posterior to sample from the seed " +
                $"({(model.VaeEncoder.Posterior == PosteriorOutput.Deterministic ? "it returns one latent without a random draw" : "its own random draw could not be replaced")}); render without -VaeSample.");
        return generator.Randn(length);
    }

    /// <summary>
    /// Step counts outside what a distilled model was made for are warned about, not refused (RenderRules already
    /// refuses steps × strength &lt; 1, diffusers' rule, for every model).
    /// </summary>
    private static void WarnAboutStepsForFamily(ModelFamily family, int steps, IRenderObserver observer)
    {
        if (family.IntendedSteps is not { } intended) return;
        if (steps < intended.Fewest || steps > intended.Most)
            observer.Warning($"{family.Name} models are made for {intended.Fewest}–{intended.Most} steps; {steps} may render poorly.");
    }

    /// <summary>The recorded variations plus the new one: what the output records to be reproduced.</summary>
    private static IReadOnlyList<SeedWeight> AppliedVariations(RenderSettings settings) =>
        settings.Variation > 0
            ? [.. settings.Variations!, new SeedWeight(settings.VariationSeed!.Value, settings.Variation.Value)]
            : settings.Variations!;

    /// <summary>
    /// Render sizes are multiples of 64, as InvokeAI rounds them: Stable Diffusion's latent is 1/8 of the image and
    /// its UNet halves that three times.
    /// </summary>
    private const int SizeMultiple = 64;

    /// <summary>
    /// Sizes the init image to the render size: its own size or Width × Height (resized exactly, as InvokeAI's -W/-H),
    /// or with Fit shrunk to fit inside them keeping its aspect ratio (never enlarged); sides rounded down to
    /// multiples of 64, with a warning when that changes what was asked for.
    /// </summary>
    /// <remarks>A size problem names the file, when there is one: in a batch, "the init image" says nothing.</remarks>
    private static RgbaImage PrepareInitImage(RgbaImage image, string? sourcePath, RenderSettings settings, IRenderObserver observer)
    {
        string named = sourcePath is null ? string.Empty : $"'{sourcePath}': ";
        int wantedWidth = settings.Width ?? image.Width, wantedHeight = settings.Height ?? image.Height;
        if (settings.Fit == true)
        {
            try
            {
                return ImageFitting.Resize(image, wantedWidth, wantedHeight, ResizeMode.Fit, SizeMultiple).Image;
            }
            catch (ArgumentOutOfRangeException e)
            {
                // The fitting names the image, its fitted size and the multiple it falls short of.
                throw new InitImageSizeException(named + e.Message, e);
            }
        }
        if (wantedWidth < SizeMultiple || wantedHeight < SizeMultiple)
            throw new InitImageSizeException($"{named}The {image.Width}×{image.Height} init image cannot be rendered at {wantedWidth}×{wantedHeight}: " +
                                             $"a side must be at least {SizeMultiple} pixels.");
        int width = wantedWidth / SizeMultiple * SizeMultiple, height = wantedHeight / SizeMultiple * SizeMultiple;
        if (width != wantedWidth || height != wantedHeight)
            observer.Warning($"{wantedWidth}×{wantedHeight} is not a multiple of 64; rendering at {width}×{height}.");
        return ImageResizer.Resize(image, width, height);
    }
}
