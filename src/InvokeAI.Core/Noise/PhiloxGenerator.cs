namespace InvokeAI.Core.Noise;

/// <summary>
/// Gaussian noise like <c>torch.randn(..., device="cuda")</c>, computed on the CPU the way AUTOMATIC1111's
/// "NV" random source does (<c>modules/rng_philox.py</c>), so a seed gives the noise of a CUDA render without a
/// GPU. Stateful: the k-th call after seeding uses Philox offset k. Not thread-safe.
/// </summary>
/// <remarks>
/// Element i of call k is Philox4x32-10 of counter (k, 0, i, 0) under key (low, high 32 bits of the seed);
/// its first two outputs become one value by the sine half of Box–Muller. Each element is independent of
/// the others, so unlike the CPU generator there is no size-dependent algorithm and no tail rule.
/// </remarks>
public sealed class PhiloxGenerator : IGaussianNoiseGenerator
{
    private const int Rounds = 10;
    private const uint RoundMultiplier0 = 0xD2511F53;
    private const uint RoundMultiplier1 = 0xCD9E8D57;
    private const uint KeyIncrement0 = 0x9E3779B9;
    private const uint KeyIncrement1 = 0xBB67AE85;

    // The constants are those of cuRAND (2^-32 and 2^-32·2π rounded to float32), which A1111 widens to double
    // before use; the half steps keep u away from 0 so log(u) stays finite.
    private const double UniformStep = (float)2.3283064e-10;
    private const double UniformHalfStep = (float)2.3283064e-10 / 2f;
    private const double AngleStep = (float)(2.3283064e-10 * 6.2831855);
    private const double AngleHalfStep = (float)(2.3283064e-10 * 6.2831855) / 2f;

    private readonly uint _keyLow;
    private readonly uint _keyHigh;
    private uint _callOffset;

    public PhiloxGenerator(ulong seed)
    {
        _keyLow = unchecked((uint)seed);
        _keyHigh = (uint)(seed >> 32);
    }

    /// <inheritdoc />
    public float[] Randn(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new float[count];
        FillRandn(values);
        return values;
    }

    /// <summary>Fills <paramref name="destination"/> as one <see cref="Randn"/> call would, without allocating.</summary>
    public void FillRandn(Span<float> destination)
    {
        uint offset = _callOffset;
        // A1111 advances the offset once per call, whatever its size (including an empty one).
        _callOffset = unchecked(_callOffset + 1);

        for (int i = 0; i < destination.Length; i++)
        {
            (uint first, uint second) = Philox(offset, (uint)i);
            destination[i] = BoxMullerSine(first, second);
        }
    }

    private (uint First, uint Second) Philox(uint offset, uint elementIndex)
    {
        uint c0 = offset, c1 = 0, c2 = elementIndex, c3 = 0;
        uint k0 = _keyLow, k1 = _keyHigh;

        for (int round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                k0 = unchecked(k0 + KeyIncrement0);
                k1 = unchecked(k1 + KeyIncrement1);
            }

            ulong product0 = (ulong)c0 * RoundMultiplier0;
            ulong product1 = (ulong)c2 * RoundMultiplier1;
            uint next0 = (uint)(product1 >> 32) ^ c1 ^ k0;
            uint next1 = (uint)product1;
            uint next2 = (uint)(product0 >> 32) ^ c3 ^ k1;
            uint next3 = (uint)product0;
            (c0, c1, c2, c3) = (next0, next1, next2, next3);
        }

        return (c0, c1);
    }

    private static float BoxMullerSine(uint first, uint second)
    {
        double u = first * UniformStep + UniformHalfStep;
        double angle = second * AngleStep + AngleHalfStep;
        return (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Sin(angle));
    }
}
