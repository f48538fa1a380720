using System.Globalization;
using InvokeAI.Core.Imaging;
using InvokeAI.Core.Metadata;
using InvokeAI.Core.Models;
using InvokeAI.Core.Noise;
using InvokeAI.Core.Pipelines;
using InvokeAI.Core.Prompts;
using InvokeAI.Core.Scheduling;

namespace InvokeAI.Core.Tests.Families;

/// <summary>
/// A record InvokeAI 2.2.5 wrote (its Dream line and sd-metadata, as its args.py writes them) re-renders on tiny-sd-lp
/// the way 2.2.5's KSampler img2img made it, checked against a reference written here from 2.2.5's code rather than
/// from the module's samplers: t_enc = int(strength × steps); Karras σs below 30 steps, else CompVisDenoiser's
/// get_sigmas (log-σ interpolation at linspace(999, 0, n)); σ[−t_enc−1:]; the seed's second draw noises the init
/// latent; k-diffusion's sample_lms; the UNet at the log-σ t; the decoded image truncated to 8 bits.
/// </summary>
public sealed class InvokeAI2ReRenderTests(FixtureModels models) : IClassFixture<FixtureModels>
{
    private const string Model = "tiny-sd-lp";
    private const ulong Seed = 1592514025;
    private const double CfgScale = 7.5;
    private const string Prompt = "a red house by a lake, oil painting";
    private const string Negative = "blurry, low quality";
    private static readonly RgbaImage Init = ImageFile.Load(RepoPaths.Combine("tests", "fixtures", "references", "tiny-sd", "lms-s06.init.png"));

    /// <summary>The PNG text 2.2.5 writes for an img2img render: an unquoted prompt, and "strength_steps" with no init_img.</summary>
    private static ImageFileText Written(int steps, double strength, string? karrasMax = null, string sampler = "k_lms")
    {
        string f = strength.ToString(CultureInfo.InvariantCulture);
        int size = Init.Width;
        string dream = $"{Prompt} [{Negative}] -s {steps} -S {Seed} -W {size} -H {size} -C 7.5{(karrasMax is null ? "" : $" --karras_max {karrasMax}")} -I fire-drawing.png -A {sampler} -f {f}";
        string json = "{\"model\": \"stable diffusion\", \"model_id\": \"stable-diffusion-1.5\", \"model_hash\": \"cc6cb27103417325ff94f52b7a5d2dde45a7515b25c255d8e396c90014281516\", " +
                      "\"app_id\": \"invoke-ai/InvokeAI\", \"app_version\": \"2.2.5\", \"image\": {\"prompt\": [{\"prompt\": \"" + Prompt + " [" + Negative + "]\", \"weight\": 1.0}], " +
                      $"\"steps\": {steps}, \"cfg_scale\": 7.5, \"threshold\": 0, \"perlin\": 0, \"height\": {size}, \"width\": {size}, \"seed\": {Seed}, " +
                      "\"postprocessing\": null, \"sampler\": \"" + sampler + "\", \"variations\": [], \"type\": \"img2img\", " +
                      $"\"strength_steps\": {f}, \"orig_hash\": \"4e00900417999474a00aaa661eed1282022f1c4fd76b54e6068e1c53bebc6e74\", \"inpaint_replace\": 0.0}}}}";
        return new ImageFileText(new Dictionary<string, string> { [DreamCommand.Keyword] = dream, [SdMetadataJson.Keyword] = json }, null);
    }

    private DiffusionImage ReRender(ImageFileText written)
    {
        var record = ImageMetadataReader.Read(written)!;
        Assert.Equal(RenderCompatibility.InvokeAI2, record.Settings.Compatibility);
        var settings = new RenderSettingsResolver(RenderSettings.None, record).ForItem(RenderSettings.None);
        return Img2ImgPipeline.Render(models[Model], new Img2ImgRequest { Settings = settings, InitImage = Init });
    }

    [Theory]
    [InlineData(20, 0.7)] // Karras σs (20 < 30), t_enc 14
    [InlineData(29, 0.7)] // Karras σs, t_enc int(20.299999999999997) = 20
    [InlineData(34, 0.7)] // the model's σs, t_enc int(23.799999999999997) = 23
    [InlineData(40, 0.55)] // the model's σs, t_enc int(22.000000000000004) = 22
    public void A225RecordReRendersAsItsKSamplerMadeIt(int steps, double strength)
    {
        var image = ReRender(Written(steps, strength));
        var expected = Reference(models[Model], steps, strength, karras: steps < 30);

        Assert.Equal(steps, image.Settings.Steps);
        Assert.Equal((int)(strength * steps), image.StepsTaken);
        int difference = ReferenceCase.LargestDifference(image.Pixels, expected);
        Assert.True(difference <= 2, $"{steps} steps at {strength}: {difference} grey levels from the 2.2.5 reference");
    }

    /// <summary>2.2.5's ddim and plms img2img (ldm/models/diffusion/sampler.py's stochastic_encode and decode).</summary>
    [Theory]
    [InlineData("ddim", 20, 0.7)]
    [InlineData("plms", 20, 0.7)]
    [InlineData("plms", 12, 0.5)]
    public void A225DdimOrPlmsRecordReRendersAsItsSamplerMadeIt(string sampler, int steps, double strength)
    {
        var image = ReRender(Written(steps, strength, sampler: sampler));
        int difference = ReferenceCase.LargestDifference(image.Pixels, TimestepReference(models[Model], steps, strength, plms: sampler == "plms"));
        Assert.True(difference <= 2, $"{sampler}, {steps} steps at {strength}: {difference} grey levels from the 2.2.5 reference");
    }

    [Fact]
    public void KarrasMaxOnTheDreamLineMovesTheThreshold()
    {
        // --karras_max 40 makes a 34-step schedule a Karras one, as 2.2.5's KSampler(karras_max=40) chose.
        var image = ReRender(Written(34, 0.7, karrasMax: "40"));
        Assert.True(image.Settings.Karras);
        Assert.True(ReferenceCase.LargestDifference(image.Pixels, Reference(models[Model], 34, 0.7, karras: true)) <= 2);
    }

    /// <summary>The references tell the rules apart: the same records under the module's own rules miss them.</summary>
    [Fact]
    public void TheReferenceTellsTheRulesApart()
    {
        var model = models[Model];
        var expected = Reference(model, 34, 0.7, karras: false);

        var record = ImageMetadataReader.Read(Written(34, 0.7))!;
        var moduleRules = new RenderSettingsResolver(new RenderSettings { Compatibility = RenderCompatibility.Module }, record).ForItem(RenderSettings.None);
        var module = Img2ImgPipeline.Render(model, new Img2ImgRequest { Settings = moduleRules, InitImage = Init });
        Assert.True(ReferenceCase.LargestDifference(module.Pixels, expected) > 2);

        // plms with its ε history, as it runs here (and in diffusers, and in InvokeAI's txt2img), misses 2.2.5's img2img.
        var plmsRecord = ImageMetadataReader.Read(Written(20, 0.7, sampler: "plms"))!;
        var withHistory = Img2ImgPipeline.Render(model, new Img2ImgRequest
        {
            Settings = new RenderSettingsResolver(new RenderSettings { Compatibility = RenderCompatibility.Module }, plmsRecord).ForItem(RenderSettings.None),
            InitImage = Init,
        });
        Assert.True(ReferenceCase.LargestDifference(withHistory.Pixels, TimestepReference(model, 20, 0.7, plms: true)) > 2);

    }

    /// <summary>
    /// The k_ samplers' σ under these rules are CompVisDenoiser's: log σ interpolated at linspace(999, 0, n). On SD's
    /// schedule that moves σ by a few parts per million from diffusers' linear interpolation, too little to show in 8-bit
    /// pixels, so the schedule itself is compared.
    /// </summary>
    [Fact]
    public void TheKSamplersSigmasAreCompVisDenoisersLogSigmaInterpolation()
    {
        var config = models[Model].SchedulerConfig;
        var settings = new RenderSettings { Compatibility = RenderCompatibility.InvokeAI2, Sampler = "k_lms" };
        var invokeAI2 = SamplerCatalog.Create("k_lms", InvokeAI2Behaviour.SchedulerConfigFor(settings, config), 50).Sigmas;
        var module = SamplerCatalog.Create("k_lms", config, 50).Sigmas;
        var (expected, _, _) = ReferenceSchedule(50, 1.0, karras: false);

        Assert.Equal(expected.Length, invokeAI2.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], invokeAI2[i], expected[i] * 1e-12);
        Assert.Contains(Enumerable.Range(0, expected.Length), i => Math.Abs(module[i] - expected[i]) > expected[i] * 1e-7);
    }

    [Fact]
    public void DdimAndPlmsTakeCompVisUniformTimestepsWhateverTheFolderSays()
    {
        var trailing = new SchedulerConfig { TimestepSpacing = TimestepSpacing.Trailing, StepsOffset = 0 };
        foreach (string name in new[] { "ddim", "plms" })
        {
            var settings = new RenderSettings { Compatibility = RenderCompatibility.InvokeAI2, Sampler = name };
            var timesteps = SamplerCatalog.Create(name, InvokeAI2Behaviour.SchedulerConfigFor(settings, trailing), 10).Timesteps.Distinct();
            // make_ddim_timesteps('uniform', 10, 1000): arange(10) * 100 + 1.
            Assert.Equal([901, 801, 701, 601, 501, 401, 301, 201, 101, 1], timesteps);
        }
    }

    /// <summary>2.x cast the decoded image to 8 bits, truncating: the image is its final latent decoded that way, exactly.</summary>
    [Fact]
    public void TheDecodedImageIsTruncatedNotRounded()
    {
        var model = models[Model];
        var observer = new Pipelines.RecordingObserver();
        var record = ImageMetadataReader.Read(Written(20, 0.7))!;
        var image = Img2ImgPipeline.Render(model, new Img2ImgRequest
        {
            Settings = new RenderSettingsResolver(RenderSettings.None, record).ForItem(RenderSettings.None),
            InitImage = Init,
        }, observer);

        var (pixels, width, height) = model.VaeDecoder.Decode(observer.Steps[^1].Latent, Init.Width / 8, Init.Height / 8, CancellationToken.None);
        Assert.Equal(ImageTensors.FromTensor(pixels, width, height, truncate: true).Pixels, image.Pixels.Pixels);
        Assert.NotEqual(ImageTensors.FromTensor(pixels, width, height).Pixels, image.Pixels.Pixels);
    }

    [Fact]
    public void TheStrengthsStepsArePythonsTruncation()
    {
        // 0.29 × 100 = 28.999999999999996: InvokeAI 2.x ran 28 steps, where the module's own rule runs 29.
        var settings = new RenderSettings { Compatibility = RenderCompatibility.InvokeAI2, Sampler = "k_lms", Strength = 0.29 };
        var sampler = SamplerCatalog.Create("k_lms", models[Model].SchedulerConfig, 100);
        Assert.Equal(100 - 28, InvokeAI2Behaviour.FirstStep(settings, sampler, 100));
        Assert.Equal(100 - 29, InvokeAI2Behaviour.FirstStep(settings with { Compatibility = RenderCompatibility.Module }, sampler, 100));
    }

    /// <summary>
    /// KSampler.make_schedule at n = <paramref name="steps"/> (Karras with ρ 7 and the model's σ_min and σ_max, or
    /// CompVisDenoiser.get_sigmas), a final 0, and the σ[−t_enc−1:] img2img runs; with CompVisDenoiser's sigma_to_t.
    /// </summary>
    private static (double[] Schedule, double[] Used, Func<double, double> SigmaToT) ReferenceSchedule(int steps, double strength, bool karras)
    {
        double[] sigmas = TrainingAlphasCumprod().Select(a => Math.Sqrt((1 - a) / a)).ToArray();
        double[] logSigmas = sigmas.Select(s => Math.Log(s)).ToArray();
        double TToSigma(double t)
        {
            int low = (int)Math.Floor(t), high = (int)Math.Ceiling(t);
            double w = t - low;
            return Math.Exp((1 - w) * logSigmas[low] + w * logSigmas[high]);
        }
        double SigmaToT(double sigma)
        {
            double log = Math.Log(sigma);
            int low = Math.Clamp(logSigmas.Count(l => l <= log) - 1, 0, 998);
            double w = Math.Clamp((logSigmas[low] - log) / (logSigmas[low] - logSigmas[low + 1]), 0, 1);
            return (1 - w) * low + w * (low + 1);
        }

        var schedule = new double[steps + 1];
        for (int i = 0; i < steps; i++)
        {
            double ramp = (double)i / (steps - 1);
            schedule[i] = karras
                ? Math.Pow(Math.Pow(sigmas[999], 1 / 7.0) + ramp * (Math.Pow(sigmas[0], 1 / 7.0) - Math.Pow(sigmas[999], 1 / 7.0)), 7)
                : TToSigma(999 * (1 - ramp));
        }
        int tEnc = (int)(strength * steps);
        return (schedule, schedule[^(tEnc + 1)..], SigmaToT);
    }

    /// <summary>2.2.5's k_lms img2img, written from its code (ldm/invoke/generator/img2img.py, ksampler.py, k-diffusion).</summary>
    private static RgbaImage Reference(DiffusionModel model, int steps, double strength, bool karras)
    {
        var (_, used, sigmaToT) = ReferenceSchedule(steps, strength, karras);
        int width = Init.Width, height = Init.Height, latentWidth = width / 8, latentHeight = height / 8;
        float[] x = model.VaeEncoder.Encode(ImageTensors.ToTensor(Init), width, height, null, CancellationToken.None);
        // seed_everything, get_noise's randn_like (which KSampler.stochastic_encode ignores), then sample()'s
        // randn_like: the noise.
        var generator = new TorchCpuGenerator(Seed);
        generator.Randn(x.Length);
        float[] noise = generator.Randn(x.Length);
        for (int k = 0; k < x.Length; k++) x[k] += noise[k] * (float)used[0];

        var guidance = PromptGuidance.Encode(model, new RenderSettings { Prompt = Prompt, NegativePrompt = Negative, CfgScale = CfgScale, PromptSyntax = PromptSyntax.InvokeAI },
            width, height, NullRenderObserver.Instance, CancellationToken.None);
        var slopes = new List<float[]>();
        for (int i = 0; i < used.Length - 1; i++)
        {
            double sigma = used[i];
            float scale = (float)(1 / Math.Sqrt(sigma * sigma + 1));
            float[] input = x.Select(v => v * scale).ToArray();
            float[] eps = guidance.Predict(model.Unet, input, latentWidth, latentHeight, sigmaToT(sigma), CancellationToken.None);
            // CompVisDenoiser: denoised = x − σ·ε; to_d: (x − denoised)/σ.
            var slope = new float[x.Length];
            for (int k = 0; k < x.Length; k++) slope[k] = (x[k] - (x[k] - (float)sigma * eps[k])) / (float)sigma;
            slopes.Add(slope);
            if (slopes.Count > 4) slopes.RemoveAt(0);
            int order = Math.Min(i + 1, 4);
            for (int j = 0; j < order; j++)
            {
                float coefficient = (float)LinearMultistepCoefficient(order, used, i, j);
                float[] previous = slopes[^(j + 1)];
                for (int k = 0; k < x.Length; k++) x[k] += coefficient * previous[k];
            }
        }

        // sample_to_image: clamp((x + 1) / 2, 0, 1) × 255, cast to uint8.
        var (pixels, _, _) = model.VaeDecoder.Decode(x, latentWidth, latentHeight, CancellationToken.None);
        var image = new RgbaImage(width, height);
        int plane = width * height;
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < 3; c++) image.Pixels[4 * i + c] = (byte)(Math.Clamp((pixels[c * plane + i] + 1f) / 2f, 0f, 1f) * 255f);
            image.Pixels[4 * i + 3] = 255;
        }
        return image;
    }

    /// <summary>
    /// 2.2.5's ddim and plms img2img: make_ddim_timesteps('uniform'), the seed's first draw noising the init latent at
    /// ddim_alphas[t_enc − 1], then decode's steps from that timestep down; plms's p_sample, never given its ε history
    /// there, takes every step as pseudo improved Euler (its last with t_next clamped to its own timestep).
    /// </summary>
    private static RgbaImage TimestepReference(DiffusionModel model, int steps, double strength, bool plms)
    {
        double[] alphasCumprod = TrainingAlphasCumprod();
        int[] timesteps = Enumerable.Range(0, steps).Select(i => i * (1000 / steps) + 1).ToArray();
        double[] alphas = timesteps.Select(t => alphasCumprod[t]).ToArray();
        double[] alphasPrevious = [alphasCumprod[0], .. timesteps[..^1].Select(t => alphasCumprod[t])];
        int tEnc = (int)(strength * steps);

        int width = Init.Width, height = Init.Height, latentWidth = width / 8, latentHeight = height / 8;
        float[] x = model.VaeEncoder.Encode(ImageTensors.ToTensor(Init), width, height, null, CancellationToken.None);
        float[] noise = new TorchCpuGenerator(Seed).Randn(x.Length);
        for (int k = 0; k < x.Length; k++)
            x[k] = (float)(Math.Sqrt(alphas[tEnc - 1]) * x[k] + Math.Sqrt(1 - alphas[tEnc - 1]) * noise[k]);

        var guidance = PromptGuidance.Encode(model, new RenderSettings { Prompt = Prompt, NegativePrompt = Negative, CfgScale = CfgScale, PromptSyntax = PromptSyntax.InvokeAI },
            width, height, NullRenderObserver.Instance, CancellationToken.None);
        float[] Eps(float[] sample, int t) => (float[])guidance.Predict(model.Unet, sample, latentWidth, latentHeight, t, CancellationToken.None).Clone();
        float[] DdimStep(float[] sample, float[] eps, int index)
        {
            double at = alphas[index], previous = alphasPrevious[index];
            return sample.Select((v, k) => (float)(Math.Sqrt(previous) * ((v - Math.Sqrt(1 - at) * eps[k]) / Math.Sqrt(at)) + Math.Sqrt(1 - previous) * eps[k])).ToArray();
        }

        int[] timeRange = timesteps[..tEnc].Reverse().ToArray();
        for (int i = 0; i < timeRange.Length; i++)
        {
            int index = tEnc - i - 1;
            float[] eps = Eps(x, timeRange[i]);
            if (plms)
            {
                float[] next = Eps(DdimStep(x, eps, index), timeRange[Math.Min(i + 1, timeRange.Length - 1)]);
                eps = eps.Select((e, k) => (e + next[k]) / 2).ToArray();
            }
            x = DdimStep(x, eps, index);
        }

        var (pixels, _, _) = model.VaeDecoder.Decode(x, latentWidth, latentHeight, CancellationToken.None);
        return ImageTensors.FromTensor(pixels, width, height, truncate: true);
    }

    /// <summary>The model's training ᾱ: scaled_linear β, as the fixture's scheduler config and SD 1.x have them.</summary>
    private static double[] TrainingAlphasCumprod()
    {
        var alphasCumprod = new double[1000];
        double product = 1;
        for (int t = 0; t < 1000; t++)
        {
            double root = Math.Sqrt(0.00085) + (Math.Sqrt(0.012) - Math.Sqrt(0.00085)) * t / 999;
            product *= 1 - root * root;
            alphasCumprod[t] = product;
        }
        return alphasCumprod;
    }

    /// <summary>k-diffusion's linear_multistep_coeff: the Lagrange basis integrated over the step (Simpson's rule, fine enough to be exact here).</summary>
    private static double LinearMultistepCoefficient(int order, double[] t, int i, int j)
    {
        double Basis(double tau)
        {
            double product = 1;
            for (int k = 0; k < order; k++)
                if (k != j) product *= (tau - t[i - k]) / (t[i - j] - t[i - k]);
            return product;
        }
        const int intervals = 2000;
        double a = t[i], b = t[i + 1], h = (b - a) / intervals, sum = Basis(a) + Basis(b);
        for (int n = 1; n < intervals; n++) sum += Basis(a + n * h) * (n % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }
}
