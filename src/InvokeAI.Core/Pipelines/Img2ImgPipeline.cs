using System.Diagnostics;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Models;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Pipelines;

/// <summary>
/// img2img: encode the init image, noise it to the level the strength selects, denoise the remaining steps
/// with classifier-free guidance, decode. Runs on the caller's thread; cancellation stops it between and
/// inside model runs and leaves the model usable.
/// </summary>
public static class Img2ImgPipeline
{
    /// <remarks>
    /// Draw order (part of reproducibility): a fresh CPU generator is seeded with the seed; its first draw,
    /// [1, 4, h, w], is the img2img noise; ancestral samplers continue the same stream afterwards.
    /// </remarks>
    public static DiffusionImage Render(DiffusionModel model, Img2ImgRequest request, IRenderObserver? observer = null,
        CancellationToken cancel = default)
    {
        observer ??= NullRenderObserver.Instance;
        model.ThrowIfDisposed();
        Validate(request);
        var total = Stopwatch.StartNew();
        uint seed = request.Seed ?? SeedSource.NewSeed();

        var init = PrepareInitImage(request, observer);
        int latentWidth = init.Width / 8, latentHeight = init.Height / 8;

        var stage = Stopwatch.StartNew();
        var guidance = PromptGuidance.Encode(model, request.Prompt, request.NegativePrompt, request.CfgScale, observer, cancel);
        observer.Verbose($"Text encoding: {stage.Elapsed.TotalSeconds:0.00} s");

        stage.Restart();
        float[] latent = model.VaeEncoder.Encode(ImageTensors.ToTensor(init), init.Width, init.Height, cancel);
        observer.Verbose($"VAE encoding of {init.Width}×{init.Height}: {stage.Elapsed.TotalSeconds:0.00} s");

        var scheduler = SamplerCatalog.Create(request.Sampler, model.SchedulerConfig, request.Steps);
        int start = StrengthSchedule.StartIndex(request.Steps, request.Strength);
        int taken = request.Steps - start;
        var generator = new TorchCpuGenerator(seed);
        if (taken > 0)
        {
            float[] noise = generator.Randn(latent.Length);
            scheduler.AddNoise(latent, noise, start);
        }

        stage.Restart();
        ModelFunction unet = (input, timestep) =>
            guidance.Predict(model.Unet, input, latentWidth, latentHeight, timestep, cancel);
        for (int i = start; i < request.Steps; i++)
        {
            cancel.ThrowIfCancellationRequested();
            float[] denoised = scheduler.Step(i, latent, unet, generator);
            observer.StepCompleted(new RenderStep(i - start + 1, taken, scheduler.Timesteps[i], scheduler.Sigmas[i],
                stage.Elapsed, (float[])latent.Clone(), denoised));
        }
        if (taken > 0)
            observer.Verbose($"Denoising: {taken} steps in {stage.Elapsed.TotalSeconds:0.00} s ({stage.Elapsed.TotalSeconds / taken:0.000} s/step)");

        stage.Restart();
        var (pixels, width, height) = model.VaeDecoder.Decode(latent, latentWidth, latentHeight, cancel);
        observer.Verbose($"VAE decoding: {stage.Elapsed.TotalSeconds:0.00} s");
        model.CountRender();

        return new DiffusionImage
        {
            Pixels = ImageTensors.FromTensor(pixels, width, height),
            Prompt = request.Prompt,
            NegativePrompt = request.NegativePrompt,
            Seed = seed,
            Strength = request.Strength,
            Steps = request.Steps,
            StepsTaken = taken,
            CfgScale = request.CfgScale,
            Sampler = scheduler.Name,
            SourcePath = request.SourcePath,
            Model = model.Path,
            Provider = model.Provider,
            Duration = total.Elapsed,
        };
    }

    private static void Validate(Img2ImgRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Prompt, nameof(request.Prompt));
        if (double.IsNaN(request.Strength) || request.Strength < 0 || request.Strength > 1)
            throw new ArgumentOutOfRangeException(nameof(request.Strength), request.Strength, "Strength must be between 0 and 1.");
        if (request.Steps < 1)
            throw new ArgumentOutOfRangeException(nameof(request.Steps), request.Steps, "Steps must be at least 1.");
        if (double.IsNaN(request.CfgScale) || request.CfgScale < 0)
            throw new ArgumentOutOfRangeException(nameof(request.CfgScale), request.CfgScale, "CfgScale must be 0 or more.");
    }

    /// <summary>Sizes the init image to the render size (multiples of 64), saying so when that changes it.</summary>
    private static RgbaImage PrepareInitImage(Img2ImgRequest request, IRenderObserver observer)
    {
        var image = request.InitImage;
        int wantedWidth = request.Width ?? image.Width, wantedHeight = request.Height ?? image.Height;
        int width = RenderSize.RoundDown(wantedWidth), height = RenderSize.RoundDown(wantedHeight);
        if (width != wantedWidth || height != wantedHeight)
            observer.Warning($"{wantedWidth}×{wantedHeight} is not a multiple of 64; rendering at {width}×{height}.");
        if (image.HasTransparency())
            observer.Warning("The init image has transparent pixels; inpainting is not supported yet, so they are rendered from the colour underneath.");
        return ImageResizer.Resize(image, width, height);
    }
}
