namespace InvokeAI.Core.Scheduling;

/// <summary>
/// The training noise schedule: β per training timestep, ᾱ (cumulative product of 1 − β) and the
/// k-diffusion sigmas σ = √((1 − ᾱ)/ᾱ). Computed in double so the reference values hold to 6 digits.
/// </summary>
public sealed class NoiseSchedule
{
    public IReadOnlyList<double> Betas { get; }
    public IReadOnlyList<double> AlphasCumprod { get; }
    /// <summary>σ for each training timestep, ascending with t.</summary>
    public IReadOnlyList<double> Sigmas { get; }
    public int TrainTimesteps => Betas.Count;

    private NoiseSchedule(double[] betas)
    {
        var alphasCumprod = new double[betas.Length];
        var sigmas = new double[betas.Length];
        double product = 1.0;
        for (int t = 0; t < betas.Length; t++)
        {
            product *= 1.0 - betas[t];
            alphasCumprod[t] = product;
            sigmas[t] = Math.Sqrt((1.0 - product) / product);
        }
        Betas = betas;
        AlphasCumprod = alphasCumprod;
        Sigmas = sigmas;
    }

    public static NoiseSchedule FromConfig(SchedulerConfig config)
    {
        int n = config.NumTrainTimesteps;
        if (n < 2) throw new ArgumentException($"num_train_timesteps must be at least 2, not {n}.", nameof(config));
        var betas = new double[n];
        switch (config.BetaSchedule)
        {
            case BetaSchedule.Linear:
                for (int i = 0; i < n; i++) betas[i] = Lerp(config.BetaStart, config.BetaEnd, i, n);
                break;
            case BetaSchedule.ScaledLinear:
                double start = Math.Sqrt(config.BetaStart), end = Math.Sqrt(config.BetaEnd);
                for (int i = 0; i < n; i++) { double b = Lerp(start, end, i, n); betas[i] = b * b; }
                break;
            case BetaSchedule.SquaredcosCapV2:
                // Glide's cosine schedule (diffusers betas_for_alpha_bar), each β capped at 0.999.
                for (int i = 0; i < n; i++)
                    betas[i] = Math.Min(1.0 - CosineAlphaBar((i + 1.0) / n) / CosineAlphaBar((double)i / n), 0.999);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config.BetaSchedule, "Not a beta schedule.");
        }
        return new NoiseSchedule(betas);
    }

    /// <summary>
    /// σ at a fractional training timestep, interpolating the training σ linearly (diffusers' discrete σ schedulers) or
    /// their logarithm (k-diffusion's CompVisDenoiser.t_to_sigma).
    /// </summary>
    public double SigmaAtTimestep(double t, SigmaInterpolation interpolation = SigmaInterpolation.Linear)
    {
        t = Math.Clamp(t, 0, TrainTimesteps - 1);
        int low = (int)Math.Floor(t);
        int high = Math.Min(low + 1, TrainTimesteps - 1);
        double w = t - low;
        return interpolation == SigmaInterpolation.LogSigma
            ? Math.Exp((1 - w) * Math.Log(Sigmas[low]) + w * Math.Log(Sigmas[high]))
            : (1 - w) * Sigmas[low] + w * Sigmas[high];
    }

    private static double Lerp(double a, double b, int i, int n) => a + (b - a) * i / (n - 1);

    private static double CosineAlphaBar(double t)
    {
        double c = Math.Cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }
}
