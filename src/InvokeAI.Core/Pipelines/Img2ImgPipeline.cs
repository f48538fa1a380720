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
    /// seed; its first draw, randn(1, 4, h, w), is the img2img noise; ancestral samplers (k_euler_a, k_dpm_2_a,
    /// ddim with η &gt; 0) continue the same stream, one randn(1, 4, h, w) per step that adds noise. Variations
    /// slerp the img2img noise toward the first draw of a fresh generator per variation seed, in the recorded
    /// order; they do not touch the seed's own stream, so ancestral noise is the same with or without them.
    /// </remarks>
    public static DiffusionImage Render(DiffusionModel model, Img2ImgRequest request, IRenderObserver? observer = null,
        CancellationToken cancel = default)
    {
        observer ??= NullRenderObserver.Instance;
        using var lease = model.AcquireRender();
        int steps = Validate(request);
        var total = Stopwatch.StartNew();
        uint seed = request.Seed ?? SeedSource.NewSeed();
        var sampler = SamplerCatalog.Create(request.Sampler, model.SchedulerConfig, steps, request.SamplerOptions);

        var init = PrepareInitImage(request, observer);
        int latentWidth = init.Width / 8, latentHeight = init.Height / 8;
        var mask = InpaintMaskSelection.Select(request, init, observer);

        var stage = Stopwatch.StartNew();
        var guidance = PromptGuidance.Encode(model, request.Prompt, request.NegativePrompt, request.CfgScale, observer, cancel);
        observer.Verbose($"Text encoding: {stage.Elapsed.TotalSeconds:0.00} s");

        stage.Restart();
        float[] cleanLatent = model.VaeEncoder.Encode(ImageTensors.ToTensor(init), init.Width, init.Height, cancel);
        var conditioning = InpaintingConditioning.For(model, mask, init, cancel);
        observer.Verbose($"VAE encoding of {init.Width}×{init.Height}: {stage.Elapsed.TotalSeconds:0.00} s");

        int start = StrengthSchedule.StartIndex(steps, request.Strength);
        int taken = steps - start;
        var generator = NoiseGenerators.Create(request.NoiseSource, seed);
        var variations = AppliedVariations(request);
        float[] latent = (float[])cleanLatent.Clone();
        float[]? noise = null;
        if (taken > 0)
        {
            noise = VariationNoise.Apply(generator.Randn(latent.Length), request.NoiseSource, variations);
            sampler.AddNoise(latent, noise, start);
        }
        // Ordinary UNets inpaint by having their kept region reset after every step; inpainting UNets do it themselves.
        var blend = mask is not null && conditioning is null && noise is not null
            ? new LatentMaskBlend(sampler, cleanLatent, noise, mask.ToLatentGrid())
            : null;
        observer.Started(new RenderStep(0, taken, start < steps ? sampler.Timesteps[start] : 0, sampler.Sigmas[start],
            TimeSpan.Zero, (float[])latent.Clone(), cleanLatent));

        stage.Restart();
        ModelFunction unet = (input, timestep) =>
            guidance.Predict(model.Unet, conditioning?.Extend(input) ?? input, latentWidth, latentHeight, timestep, cancel);
        for (int i = start; i < steps; i++)
        {
            cancel.ThrowIfCancellationRequested();
            float[] denoised = sampler.Step(i, latent, unet, generator);
            blend?.Apply(latent, i + 1);
            observer.StepCompleted(new RenderStep(i - start + 1, taken, sampler.Timesteps[i], sampler.Sigmas[i],
                stage.Elapsed, (float[])latent.Clone(), denoised));
        }
        if (taken > 0)
            // The rate as the progress bar gives it: a fixed "0.000 s/step" says nothing about a fast model.
            observer.Verbose($"Denoising: {taken} steps with {sampler.Name} in {stage.Elapsed.TotalSeconds:0.00} s ({StepRate.Describe(stage.Elapsed, taken)})");

        stage.Restart();
        var (pixels, width, height) = model.VaeDecoder.Decode(latent, latentWidth, latentHeight, cancel);
        var decoded = ImageTensors.FromTensor(pixels, width, height);
        observer.Verbose($"VAE decoding: {stage.Elapsed.TotalSeconds:0.00} s");
        model.CountRender();

        return new DiffusionImage
        {
            // Inpainting keeps the init image's own pixels wherever the mask keeps them.
            Pixels = mask is null ? decoded : InpaintComposite.Compose(init, decoded, mask, request.MaskBlur),
            Prompt = request.Prompt,
            NegativePrompt = request.NegativePrompt,
            Seed = seed,
            Strength = request.Strength,
            Steps = steps,
            StepsTaken = taken,
            CfgScale = request.CfgScale,
            Sampler = sampler.Name,
            Karras = request.SamplerOptions.Karras,
            Eta = request.SamplerOptions.Eta,
            NoiseSource = request.NoiseSource.ToString(),
            Inpainted = mask is not null,
            InitImageHash = Sha256Hex.Of(init.Pixels),
            MaskHash = mask?.Hash,
            MaskSource = mask is null ? null : request.Mask is null ? MaskSources.Transparency : MaskSources.Mask,
            MaskPath = mask is null ? null : request.MaskPath,
            InvertMask = mask is null ? null : request.InvertMask,
            MaskBlur = mask is null ? null : request.MaskBlur,
            Variations = variations,
            SourcePath = request.SourcePath,
            Model = model.Path,
            Provider = model.Provider,
            Duration = total.Elapsed,
        };
    }

    /// <summary>The request's recorded variations plus its new one: what the output records to be reproduced.</summary>
    private static IReadOnlyList<SeedWeight> AppliedVariations(Img2ImgRequest request) =>
        request.VariationAmount > 0
            ? [.. request.WithVariations, new SeedWeight(request.VariationSeed!.Value, request.VariationAmount)]
            : request.WithVariations;

    /// <summary>Checks the request and returns the total number of steps of its schedule.</summary>
    private static int Validate(Img2ImgRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Prompt, nameof(request.Prompt));
        if (double.IsNaN(request.Strength) || request.Strength < 0 || request.Strength > 1)
            throw new ArgumentOutOfRangeException(nameof(request.Strength), request.Strength, "Strength must be between 0 and 1.");
        if (double.IsNaN(request.CfgScale) || request.CfgScale < 0)
            throw new ArgumentOutOfRangeException(nameof(request.CfgScale), request.CfgScale, "CfgScale must be 0 or more.");
        if (request.MaskBlur < 0)
            throw new ArgumentOutOfRangeException(nameof(request.MaskBlur), request.MaskBlur, "MaskBlur must be 0 or more.");
        if (double.IsNaN(request.VariationAmount) || request.VariationAmount < 0 || request.VariationAmount > 1)
            throw new ArgumentOutOfRangeException(nameof(request.VariationAmount), request.VariationAmount, "The variation amount must be between 0 and 1.");
        if (request.VariationAmount > 0 && request.VariationSeed is null)
            throw new ArgumentException("A variation needs the seed of its noise (VariationSeed).", nameof(request));
        if (request.DenoiseSteps is < 1)
            throw new ArgumentOutOfRangeException(nameof(request.DenoiseSteps), request.DenoiseSteps, "DenoiseSteps must be at least 1.");
        if (request.Steps < 1)
            throw new ArgumentOutOfRangeException(nameof(request.Steps), request.Steps, "Steps must be at least 1.");
        if (RenderRules.Check(request.Steps, request.DenoiseSteps, request.Strength, request.Sampler, request.SamplerOptions) is { } problem)
        {
            // Step counts are ranges the caller got wrong; sampler options are arguments that do not fit together.
            if (problem.Setting is "Steps" or "DenoiseSteps") throw new ArgumentOutOfRangeException(problem.Setting, problem.Message);
            throw new ArgumentException(problem.Message, problem.Setting);
        }
        if (request.DenoiseSteps is int wanted) return StrengthSchedule.TotalStepsFor(wanted, request.Strength);
        return request.Steps;
    }

    /// <summary>
    /// Sizes the init image to the render size: its own size or Width × Height (resized exactly, as InvokeAI's -W/-H),
    /// or with Fit shrunk to fit inside them keeping its aspect ratio (never enlarged); sides rounded down to
    /// multiples of 64, with a warning when that changes what was asked for.
    /// </summary>
    private static RgbaImage PrepareInitImage(Img2ImgRequest request, IRenderObserver observer)
    {
        var image = request.InitImage;
        int wantedWidth = request.Width ?? image.Width, wantedHeight = request.Height ?? image.Height;
        if (request.Fit)
            return ImageFitting.Resize(image, wantedWidth, wantedHeight, ResizeMode.Fit, RenderSize.Multiple).Image;

        int width = RenderSize.RoundDown(wantedWidth), height = RenderSize.RoundDown(wantedHeight);
        if (width != wantedWidth || height != wantedHeight)
            observer.Warning($"{wantedWidth}×{wantedHeight} is not a multiple of 64; rendering at {width}×{height}.");
        return ImageResizer.Resize(image, width, height);
    }
}
