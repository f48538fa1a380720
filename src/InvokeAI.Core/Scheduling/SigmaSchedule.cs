namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The timesteps and noise levels a σ-sampler (LMS, Euler, Heun, DPM) walks through: <see cref="Timesteps"/>
/// holds the n model timesteps, descending; <see cref="Sigmas"/> holds the n levels before each step plus a
/// final 0.
/// </summary>
public sealed record SigmaPlan(IReadOnlyList<double> Timesteps, IReadOnlyList<double> Sigmas);

/// <summary>
/// Builds the inference σ schedule the way diffusers' discrete σ schedulers do: pick n timesteps by the
/// configured spacing, read σ off the training schedule at those (fractional) timesteps (linearly in σ, or in log σ
/// as k-diffusion's CompVisDenoiser.get_sigmas does when the config says so), optionally replace them with the
/// Karras et al. (2022) spacing, and end with σ = 0.
/// </summary>
public static class SigmaSchedule
{
    /// <summary>The ρ of Karras et al. (2022), the value their paper and diffusers use.</summary>
    public const double KarrasRho = 7.0;

    /// <summary>
    /// The whole plan for one render. <paramref name="defaultSpacing"/> is the sampler's own diffusers default,
    /// used when the config does not name a spacing (linspace for LMS, Euler and DPM).
    /// </summary>
    public static SigmaPlan Create(SchedulerConfig config, int steps, bool useKarrasSigmas, TimestepSpacing defaultSpacing = TimestepSpacing.Linspace)
    {
        ArgumentNullException.ThrowIfNull(config);
        var training = NoiseSchedule.FromConfig(config);
        var spacing = config.TimestepSpacing ?? defaultSpacing;

        double[] timesteps = InferenceTimesteps.For(spacing, steps, training.TrainTimesteps, config.StepsOffset);
        double[] sigmas = SigmasAtTimesteps(training, timesteps, config.SigmaInterpolation);

        if (useKarrasSigmas)
        {
            // Bounded by the training schedule's own extremes (as k-diffusion's get_sigmas_karras with the
            // model's σ_min/σ_max). diffusers bounds it by the spaced schedule's ends instead; with linspace
            // spacing, the default here, the two are identical because it includes timesteps 0 and T − 1.
            sigmas = KarrasSigmas(steps, training.Sigmas[0], training.Sigmas[^1]);
            timesteps = TimestepsForSigmas(training, sigmas);
        }

        return new SigmaPlan(timesteps, AppendZero(sigmas));
    }

    /// <summary>σ at each (fractional) timestep, interpolating the training σ (or, as the config may say, log σ).</summary>
    public static double[] SigmasAtTimesteps(NoiseSchedule training, IReadOnlyList<double> timesteps,
        SigmaInterpolation interpolation = SigmaInterpolation.Linear)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(timesteps);
        var sigmas = new double[timesteps.Count];
        for (int i = 0; i < sigmas.Length; i++) sigmas[i] = training.SigmaAtTimestep(timesteps[i], interpolation);
        return sigmas;
    }

    /// <summary>
    /// n levels from <paramref name="sigmaMax"/> down to <paramref name="sigmaMin"/>, evenly spaced in σ^(1/ρ),
    /// which spends more steps at low noise than a linear timestep spacing does.
    /// </summary>
    public static double[] KarrasSigmas(int steps, double sigmaMin, double sigmaMax, double rho = KarrasRho)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps must be at least 1.");
        if (!(sigmaMin > 0) || !(sigmaMax >= sigmaMin))
            throw new ArgumentOutOfRangeException(nameof(sigmaMin), $"Need 0 < σ_min ≤ σ_max, not {sigmaMin} and {sigmaMax}.");

        double maxRoot = Math.Pow(sigmaMax, 1 / rho);
        double minRoot = Math.Pow(sigmaMin, 1 / rho);
        var sigmas = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            // numpy's linspace(0, 1, 1) is [0], so a single step sits at σ_max.
            double ramp = steps == 1 ? 0 : (double)i / (steps - 1);
            sigmas[i] = Math.Pow(maxRoot + ramp * (minRoot - maxRoot), rho);
        }
        return sigmas;
    }

    /// <summary>
    /// The fractional training timestep of each σ, interpolating linearly in log σ between the two training
    /// timesteps around it (diffusers' <c>_sigma_to_t</c>); σ outside the training range clamps to its ends.
    /// </summary>
    public static double[] TimestepsForSigmas(NoiseSchedule training, IReadOnlyList<double> sigmas)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(sigmas);
        var timesteps = new double[sigmas.Count];
        for (int i = 0; i < timesteps.Length; i++) timesteps[i] = TimestepForSigma(training, sigmas[i]);
        return timesteps;
    }

    /// <summary>A copy of <paramref name="sigmas"/> with the final σ = 0 (the clean latent) appended.</summary>
    public static double[] AppendZero(IReadOnlyList<double> sigmas)
    {
        ArgumentNullException.ThrowIfNull(sigmas);
        var result = new double[sigmas.Count + 1];
        for (int i = 0; i < sigmas.Count; i++) result[i] = sigmas[i];
        return result;
    }

    private static double TimestepForSigma(NoiseSchedule training, double sigma)
    {
        var trainingSigmas = training.Sigmas;
        int count = trainingSigmas.Count;
        double logSigma = Math.Log(sigma);

        // The last training timestep whose σ is at or below this one (the training σ ascend with t), kept one
        // short of the end so there is always a timestep above it to interpolate towards.
        int low = 0;
        for (int t = 0; t < count; t++)
            if (Math.Log(trainingSigmas[t]) <= logSigma) low = t;
        low = Math.Min(low, count - 2);
        int high = low + 1;

        double logLow = Math.Log(trainingSigmas[low]);
        double logHigh = Math.Log(trainingSigmas[high]);
        double weight = Math.Clamp((logLow - logSigma) / (logLow - logHigh), 0, 1);
        return (1 - weight) * low + weight * high;
    }
}
