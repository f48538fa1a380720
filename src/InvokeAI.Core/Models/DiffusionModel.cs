using InvokeAI.Core.Scheduling;
using InvokeAI.Core.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace InvokeAI.Core.Models;

/// <summary>
/// A loaded Stable Diffusion model folder: the tokenizer, the noise schedule and one ONNX session per sub-model.
/// Loading is the expensive part, so one instance serves every render (and several threads at once); dispose it
/// to release the sessions.
/// </summary>
public sealed class DiffusionModel : IDisposable
{
    private readonly OnnxSubModel[] _sessions;
    private readonly object _leaseGate = new();
    private int _activeRenders;
    private bool _disposeRequested;
    private bool _disposed;
    private int _rendersCompleted;

    public ModelFolder Folder { get; }
    public string Path => Folder.Root;
    /// <summary>"CPU" or "CUDA (device n)": what the sessions actually run on.</summary>
    public string Provider { get; }
    /// <summary>
    /// True when the sessions run on CUDA: what an Auto request ended up with (it may have fallen back to the CPU),
    /// so a later request for a provider can be matched against what is really in use.
    /// </summary>
    public bool UsesCuda { get; }
    /// <summary>
    /// Why an Auto load runs on the CPU (CUDA's libraries missing, or the device refusing a sub-model); null when the
    /// model runs on what was requested. Kept for every model, though missing libraries are warned about once per process.
    /// </summary>
    public string? CpuFallbackReason { get; }
    /// <summary>The CUDA provider options the sessions were created with ("CUDA: device_id=0 …"); null on the CPU.</summary>
    public string? CudaOptions { get; }
    /// <summary>ONNX Runtime's intra-op threads in the CPU sessions; null when the model runs on CUDA.</summary>
    public int? IntraOpThreads { get; }
    /// <summary>The optimised-model cache the sessions were opened through; null without one, or on CUDA (never cached).</summary>
    public string? OptimizedModelCacheDirectory { get; }
    /// <summary>What the cache did for each sub-model (created, used, replaced an entry); empty without a cache.</summary>
    public IReadOnlyList<OptimizedModelCacheUse> OptimizedModelCacheUses { get; }
    public ClipTokenizer Tokenizer { get; }
    /// <summary>SDXL's second tokenizer (its pad token differs: "!"); null for other families.</summary>
    public ClipTokenizer? Tokenizer2 { get; }
    /// <summary>What the folder holds, from its graphs: SD 1.x, SD 2.x, SDXL, Turbo, LCM.</summary>
    public ModelFamily Family { get; }
    /// <summary>model_index.json's SDXL rule: an empty negative prompt conditions on zeros rather than on encoded "".</summary>
    public bool ZerosForEmptyNegativePrompt { get; }
    /// <summary>The prompt length the UNet is fixed at (then a long prompt is cut); null when it takes any number of chunks, as exports do.</summary>
    public FixedPromptLength? FixedPromptLength { get; }
    public SchedulerConfig SchedulerConfig { get; }
    public NoiseSchedule NoiseSchedule { get; }
    public float LatentScale { get; }
    /// <summary>Sizes of the model files and their external weights, as a rough measure of memory held.</summary>
    public long FileBytes { get; }
    public int RendersCompleted => Volatile.Read(ref _rendersCompleted);
    /// <summary>What the VAE encoder returns, hence whether an init latent can be the mean or a seeded sample.</summary>
    public PosteriorOutput VaeEncoderPosterior => VaeEncoder.Posterior;

    internal TextEncoder TextEncoder { get; }
    internal TextEncoder? TextEncoder2 { get; }
    internal Unet Unet { get; }
    internal VaeEncoder VaeEncoder { get; }
    internal VaeDecoder VaeDecoder { get; }
    /// <summary>The sub-models' sessions, in load order (text encoder, UNet, VAE encoder, VAE decoder, second text encoder), for reports.</summary>
    internal IReadOnlyList<OnnxSubModel> SubModels => _sessions;

    private DiffusionModel(ModelFolder folder, SessionFactory factory, ClipTokenizer tokenizer, SchedulerConfig config,
        float? statedLatentScale, OpenedSessions opened, OptimizedModelCache? cache)
    {
        Folder = folder;
        IntraOpThreads = factory.UsesCuda ? null : factory.IntraOpThreads;
        OptimizedModelCacheDirectory = factory.UsesCuda ? null : cache?.Directory;
        OptimizedModelCacheUses = factory.UsesCuda || cache is null ? [] : cache.Uses;
        Provider = factory.ProviderInUse;
        UsesCuda = factory.UsesCuda;
        CpuFallbackReason = factory.CpuFallbackReason;
        CudaOptions = factory.CudaOptionsInUse;
        Tokenizer = tokenizer;
        SchedulerConfig = config;
        NoiseSchedule = NoiseSchedule.FromConfig(config);
        _sessions = opened.All;
        Unet = new Unet(opened.Unet, folder);
        long hiddenWidth = opened.TextEncoder.Outputs.TryGetValue("last_hidden_state", out var hidden) && hidden.Dimensions.Length == 3 ? hidden.Dimensions[2] : -1;
        Family = ModelFamily.Detect(Unet, hiddenWidth > 0 ? (int)hiddenWidth : null, tokenizer.PadId, config);
        bool xl = Family.Architecture == ModelArchitecture.StableDiffusionXL;
        TextEncoder = new TextEncoder(opened.TextEncoder, penultimate: xl);
        if (xl)
        {
            if (opened.TextEncoder2 is null)
                throw new ModelFolderException(folder.TextEncoder2Path,
                    $"The UNet '{folder.UnetPath}' is an SDXL UNet, but the folder has no '{folder.TextEncoder2Path}': SDXL needs both text encoders " +
                    "(optimum's export writes text_encoder_2 and tokenizer_2).");
            TextEncoder2 = new TextEncoder(opened.TextEncoder2, penultimate: true, pooled: true);
            Tokenizer2 = LoadTokenizer(folder.Tokenizer2Folder);
            ZerosForEmptyNegativePrompt = folder.Index.ForceZerosForEmptyPrompt;
        }
        if (Unet.FixedTokenCount is int tokens)
        {
            if (tokens % Tokenizer.MaxLength != 0)
                throw new ModelFolderException(folder.UnetPath,
                    $"The UNet '{folder.UnetPath}' fixes encoder_hidden_states' axis 1 at {tokens} tokens, which is not a whole number of the " +
                    $"tokenizer's {Tokenizer.MaxLength}-token chunks; export it with a symbolic sequence axis.");
            FixedPromptLength = new FixedPromptLength(tokens, tokens / Tokenizer.MaxLength, folder.UnetPath);
        }
        LatentScale = statedLatentScale ?? VaeScale.DefaultFor(Family.Architecture);
        VaeEncoder = new VaeEncoder(opened.VaeEncoder, LatentScale);
        VaeDecoder = new VaeDecoder(opened.VaeDecoder, LatentScale, xl);
        FileBytes = Directory.EnumerateFiles(folder.Root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    }

    /// <summary>
    /// Loads and checks a model folder. Problems with the folder throw <see cref="ModelFolderException"/> naming the
    /// file; <paramref name="warn"/> receives what the caller should tell the user (CPU fallback, unseeded VAE).
    /// </summary>
    public static DiffusionModel Load(string folderPath, ModelLoadOptions? options = null, Action<string>? warn = null)
    {
        options ??= new ModelLoadOptions();
        warn ??= _ => { };
        var folder = ModelFolder.Open(folderPath);
        var tokenizer = LoadTokenizer(folder.TokenizerFolder);
        var config = LoadSchedulerConfig(folder);
        var (scale, _) = VaeScale.Locate(folder);
        var cache = options.OptimizedModelCache is null ? null : new OptimizedModelCache(options.OptimizedModelCache, warn);
        var factory = new SessionFactory(options.Provider, options.DeviceId, warn, intraOpThreads: options.IntraOpThreads, cache: cache,
            cudaOptions: options);

        OpenedSessions sessions;
        try
        {
            sessions = OpenSessions(factory, folder);
        }
        catch (CudaFallbackException)
        {
            // The factory now uses the CPU: every sub-model is opened there, none stays on the GPU.
            sessions = OpenSessions(factory, folder);
        }
        try
        {
            var model = new DiffusionModel(folder, factory, tokenizer, config, scale, sessions, cache);
            foreach (string contradiction in model.Family.Contradictions(folder)) warn(contradiction);
            // Only a random node that could not be replaced costs reproducibility; a replaced one draws from the seed.
            if (model.VaeEncoder.Posterior == PosteriorOutput.SampledUnseeded)
                warn($"The VAE encoder '{folder.VaeEncoderPath}' samples its latent with an unseeded random node that " +
                     $"could not be replaced ({model.VaeEncoder.UnseededReason}): renders from this model are not " +
                     "exactly reproducible even with -Seed.");
            return model;
        }
        catch
        {
            foreach (var session in sessions.All) session.Dispose();
            throw;
        }
    }

    /// <summary>The four sessions of a load, the VAE encoder with what became of its graph's own random draw.</summary>
    private sealed record OpenedSessions(OnnxSubModel TextEncoder, OnnxSubModel Unet, VaeEncoderSession.Opened VaeEncoder,
        OnnxSubModel VaeDecoder, OnnxSubModel? TextEncoder2)
    {
        public OnnxSubModel[] All => TextEncoder2 is null ? [TextEncoder, Unet, VaeEncoder.Model, VaeDecoder] : [TextEncoder, Unet, VaeEncoder.Model, VaeDecoder, TextEncoder2];
    }

    private static OpenedSessions OpenSessions(SessionFactory factory, ModelFolder folder)
    {
        var opened = new List<OnnxSubModel>(4);
        try
        {
            var textEncoder = Track(OpenSession(factory, "text encoder", folder.TextEncoderPath));
            var unet = Track(OpenSession(factory, "UNet", folder.UnetPath));
            var vaeEncoder = VaeEncoderSession.Open(factory, "VAE encoder", folder.VaeEncoderPath,
                () => OpenSession(factory, "VAE encoder", folder.VaeEncoderPath));
            Track(vaeEncoder.Model);
            var vaeDecoder = Track(OpenSession(factory, "VAE decoder", folder.VaeDecoderPath));
            var textEncoder2 = folder.HasSecondTextEncoder ? Track(OpenSession(factory, "second text encoder", folder.TextEncoder2Path)) : null;
            return new OpenedSessions(textEncoder, unet, vaeEncoder, vaeDecoder, textEncoder2);
        }
        catch
        {
            foreach (var session in opened) session.Dispose();
            throw;
        }

        OnnxSubModel Track(OnnxSubModel session)
        {
            opened.Add(session);
            return session;
        }
    }

    internal void CountRender() => Interlocked.Increment(ref _rendersCompleted);

    /// <summary>True once Dispose was called (renders still running may finish).</summary>
    public bool IsClosed
    {
        get { lock (_leaseGate) return _disposeRequested; }
    }

    /// <summary>
    /// Keeps the sessions alive for one render: a Dispose from another runspace while a render runs waits for
    /// that render to finish before the native sessions go, instead of pulling them from under it.
    /// </summary>
    internal IDisposable AcquireRender()
    {
        lock (_leaseGate)
        {
            ObjectDisposedException.ThrowIf(_disposeRequested, $"The model session for '{Path}' has been closed.");
            _activeRenders++;
        }
        return new RenderLease(this);
    }

    private void ReleaseRender()
    {
        lock (_leaseGate)
        {
            _activeRenders--;
            if (_disposeRequested && _activeRenders == 0) DisposeSessions();
        }
    }

    public void Dispose()
    {
        lock (_leaseGate)
        {
            _disposeRequested = true;
            if (_activeRenders == 0) DisposeSessions();
        }
    }

    private void DisposeSessions()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var session in _sessions) session.Dispose();
    }

    private sealed class RenderLease(DiffusionModel model) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) model.ReleaseRender();
        }
    }

    private static OnnxSubModel OpenSession(SessionFactory factory, string name, string path)
    {
        try
        {
            return new OnnxSubModel(name, path, factory.Open(path, name));
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFolderException(path, $"ONNX Runtime could not load the {name} '{path}': {e.Message.Trim()}", e);
        }
    }

    private static ClipTokenizer LoadTokenizer(string tokenizerFolder)
    {
        try
        {
            return ClipTokenizer.FromFolder(tokenizerFolder);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or FormatException or InvalidDataException)
        {
            throw new ModelFolderException(tokenizerFolder, $"The tokenizer in '{tokenizerFolder}' cannot be read: {e.Message}", e);
        }
    }

    private static SchedulerConfig LoadSchedulerConfig(ModelFolder folder)
    {
        try
        {
            // Reading refuses a beta_schedule, prediction_type or timestep_spacing no sampler knows.
            var config = SchedulerConfig.Load(folder.SchedulerConfigPath);
            // The numbers a sampler would refuse later are refused now too, with the file named, instead of
            // failing every render with an error that does not say where the value came from.
            var schedule = NoiseSchedule.FromConfig(config);
            InferenceTimesteps.For(config.TimestepSpacing ?? TimestepSpacing.Linspace, 1, schedule.TrainTimesteps, config.StepsOffset);
            return config;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or ArgumentException)
        {
            throw new ModelFolderException(folder.SchedulerConfigPath,
                $"'{folder.SchedulerConfigPath}' cannot be used: {e.Message}", e);
        }
    }
}
