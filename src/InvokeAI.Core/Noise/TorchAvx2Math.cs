namespace InvokeAI.Core.Noise;

/// <summary>
/// The float32 logarithm and sine/cosine that x86-64 builds of PyTorch use for <c>torch.randn</c>
/// (<c>log256_ps</c> and <c>sincos256_ps</c> of <c>ATen/native/cpu/avx_mathfun.h</c>: Cephes polynomials),
/// evaluated one lane at a time.
/// </summary>
/// <remarks>
/// We port these instead of calling <see cref="MathF"/> because MathF differs from them in the last bits
/// (up to about 2e-6 after Box–Muller), and a seed should give the same latent noise as PyTorch, not nearly
/// the same. PyTorch's wheels are compiled by GCC with floating-point contraction on, which turns most
/// multiply-then-add pairs into fused multiply-adds; the <see cref="MathF.FusedMultiplyAdd"/> calls below sit
/// exactly where that fusion happens, and the plain operations where it does not. The argument ranges are
/// those of Box–Muller: <see cref="Log"/> gets (0, 1], <see cref="SinCos"/> gets [0, 2π).
/// </remarks>
internal static class TorchAvx2Math
{
    private const float HalfSqrt2 = 0.707106781186547524f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;

    private const float FourOverPi = 1.27323954473516f;
    // π/4 split into three parts so that x − k·π/4 keeps its precision (Cody–Waite reduction).
    private const float QuarterPiPart1 = 0.78515625f;
    private const float QuarterPiPart2 = 2.4187564849853515625e-4f;
    private const float QuarterPiPart3 = 3.77489497744594108e-8f;

    private const float SmallestNormal = 1.17549435E-38f;
    private const uint SignBit = 0x80000000;
    private const uint ExponentBits = 0x7F800000;
    private const uint ExponentOfOneHalf = 0x3F000000;

    /// <summary>Natural logarithm; NaN for x ≤ 0 like the vector version.</summary>
    public static float Log(float x)
    {
        if (!(x > 0f))
        {
            return float.NaN;
        }

        // Denormals are clamped to the smallest normal float, as the vector code does.
        x = MathF.Max(x, SmallestNormal);

        uint bits = BitConverter.SingleToUInt32Bits(x);
        float exponent = (int)(bits >> 23) - 127 + 1f;
        // The mantissa with the exponent of 0.5, so m lies in [0.5, 1) and x = m · 2^exponent.
        float m = BitConverter.UInt32BitsToSingle((bits & ~ExponentBits) | ExponentOfOneHalf);

        // Fold m into [√½, √2) around 1 so the polynomial in (m − 1) converges quickly.
        float t;
        if (m < HalfSqrt2)
        {
            exponent -= 1f;
            t = (m - 1f) + m;
        }
        else
        {
            t = m - 1f;
        }

        float tSquared = t * t;
        float p = 7.0376836292E-2f;
        p = MathF.FusedMultiplyAdd(p, t, -1.1514610310E-1f);
        p = MathF.FusedMultiplyAdd(p, t, 1.1676998740E-1f);
        p = MathF.FusedMultiplyAdd(p, t, -1.2420140846E-1f);
        p = MathF.FusedMultiplyAdd(p, t, 1.4249322787E-1f);
        p = MathF.FusedMultiplyAdd(p, t, -1.6668057665E-1f);
        p = MathF.FusedMultiplyAdd(p, t, 2.0000714765E-1f);
        p = MathF.FusedMultiplyAdd(p, t, -2.4999993993E-1f);
        p = MathF.FusedMultiplyAdd(p, t, 3.3333331174E-1f);
        p *= t;
        // GCC fuses the product on the left of "p·t² + e·ln2_low", leaving e·ln2_low rounded on its own.
        p = MathF.FusedMultiplyAdd(p, tSquared, exponent * Ln2Low);
        p = MathF.FusedMultiplyAdd(-tSquared, 0.5f, p);

        float result = t + p;
        return MathF.FusedMultiplyAdd(exponent, Ln2High, result);
    }

    /// <summary>Sine and cosine of one angle, sharing the range reduction.</summary>
    public static void SinCos(float x, out float sine, out float cosine)
    {
        uint inputSign = BitConverter.SingleToUInt32Bits(x) & SignBit;
        x = MathF.Abs(x);

        // The octant index, rounded up to even, counts quarter turns of π/4 to subtract.
        int octant = (int)(x * FourOverPi);
        octant = (octant + 1) & ~1;
        float octantAsFloat = octant;

        uint sineSign = inputSign ^ ((uint)(octant & 4) << 29);
        uint cosineSign = (uint)(~(octant - 2) & 4) << 29;
        bool sineUsesSinePolynomial = (octant & 2) == 0;

        x = MathF.FusedMultiplyAdd(octantAsFloat, -QuarterPiPart1, x);
        x = MathF.FusedMultiplyAdd(octantAsFloat, -QuarterPiPart2, x);
        x = MathF.FusedMultiplyAdd(octantAsFloat, -QuarterPiPart3, x);

        float xSquared = x * x;

        float cosPolynomial = 2.443315711809948E-005f;
        cosPolynomial = MathF.FusedMultiplyAdd(cosPolynomial, xSquared, -1.388731625493765E-003f);
        cosPolynomial = MathF.FusedMultiplyAdd(cosPolynomial, xSquared, 4.166664568298827E-002f);
        cosPolynomial *= xSquared;
        // As in Log: the left product is fused, x²·½ is rounded on its own first.
        cosPolynomial = MathF.FusedMultiplyAdd(cosPolynomial, xSquared, -(xSquared * 0.5f));
        cosPolynomial += 1f;

        float sinPolynomial = -1.9515295891E-4f;
        sinPolynomial = MathF.FusedMultiplyAdd(sinPolynomial, xSquared, 8.3321608736E-3f);
        sinPolynomial = MathF.FusedMultiplyAdd(sinPolynomial, xSquared, -1.6666654611E-1f);
        sinPolynomial *= xSquared;
        sinPolynomial = MathF.FusedMultiplyAdd(sinPolynomial, x, x);

        float sineMagnitude = sineUsesSinePolynomial ? sinPolynomial : cosPolynomial;
        float cosineMagnitude = sineUsesSinePolynomial ? cosPolynomial : sinPolynomial;
        sine = FlipSign(sineMagnitude, sineSign);
        cosine = FlipSign(cosineMagnitude, cosineSign);
    }

    private static float FlipSign(float value, uint signMask) =>
        BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(value) ^ signMask);
}
