namespace InvokeAI.Core.Noise;

/// <summary>
/// Gaussian noise exactly as <c>torch.manual_seed(seed); torch.randn(...)</c> makes it on the CPU in float32,
/// so a seed gives the same latent noise here as in diffusers, InvokeAI and ComfyUI on CPU. Like a torch
/// generator it is stateful: successive calls continue one stream. Not thread-safe.
/// </summary>
/// <remarks>
/// PyTorch has two algorithms and picks one by the size of the request:
/// fewer than 16 values are made one by one in double precision (Box–Muller over two double uniforms, the spare
/// sine value kept for the next element, even across calls); 16 or more are made by first drawing one float
/// uniform per element and then transforming them in blocks of 16, pairing element j with element j + 8.
/// The block transform uses <see cref="TorchAvx2Math"/>, the float32 Cephes log/sin/cos of PyTorch's x86-64
/// AVX2 kernel, rather than <see cref="MathF"/>, so the noise matches PyTorch on x86-64 bit for bit rather than
/// to within about 2e-6. (PyTorch on ARM uses the C library's logf/sinf/cosf there instead; those builds differ
/// from x86-64 in the same last bits.)
/// </remarks>
public sealed class TorchCpuGenerator : IGaussianNoiseGenerator
{
    private const int BlockSize = 16;
    private const int HalfBlock = BlockSize / 2;

    private const uint FloatMantissaMask = (1u << 24) - 1;
    private const float FloatUniformStep = 1f / (1 << 24);
    private const ulong DoubleMantissaMask = (1ul << 53) - 1;
    private const double DoubleUniformStep = 1.0 / (1ul << 53);

    // PyTorch's vector kernel rounds 2π to float once and multiplies in float.
    private const float TwoPiAsFloat = (float)(2.0 * Math.PI);

    private readonly Mt19937 _engine;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>
    /// Seeds like <c>torch.manual_seed(seed)</c>. PyTorch keeps only the low 32 bits of the seed for its CPU
    /// engine, so seeds that differ only above bit 31 give the same noise, here as there.
    /// </summary>
    public TorchCpuGenerator(ulong seed)
    {
        _engine = new Mt19937(unchecked((uint)seed));
    }

    /// <inheritdoc />
    public float[] Randn(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new float[count];
        FillRandn(values);
        return values;
    }

    /// <summary>
    /// <c>tensor.normal_()</c> on a fresh contiguous float32 tensor. <c>torch.randn</c> is implemented as exactly
    /// that, so this is the same as <see cref="Randn"/>; the name mirrors published PyTorch test sequences.
    /// </summary>
    public float[] Normal(int count) => Randn(count);

    /// <summary>
    /// Fills <paramref name="destination"/> as <c>torch.randn</c> of that many elements would, without
    /// allocating, for callers that own the latent buffer.
    /// </summary>
    public void FillRandn(Span<float> destination)
    {
        if (destination.Length >= BlockSize)
        {
            FillInBlocks(destination);
        }
        else
        {
            FillOneByOne(destination);
        }
    }

    /// <summary>
    /// One value of <c>torch.randint(0, range, [1])</c> for a range below 2^32: a single 32-bit draw taken
    /// modulo the range (with the small bias that implies, as in PyTorch). It consumes the same stream as the
    /// noise, so interleaving it changes the noise that follows, exactly as in PyTorch.
    /// </summary>
    public uint RandomUInt32Below(uint range)
    {
        ArgumentOutOfRangeException.ThrowIfZero(range);
        return _engine.NextUInt32() % range;
    }

    private void FillOneByOne(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)NextDoubleNormal();
        }
    }

    private double NextDoubleNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        double angleUniform = NextDoubleUniform();
        double radiusUniform = NextDoubleUniform();
        // PyTorch writes log1p(−u); 1 − u is exact for a multiple of 2^-53 in [0, 1), so log(1 − u) is the same.
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - radiusUniform));
        double angle = 2.0 * Math.PI * angleUniform;

        _spareNormal = radius * Math.Sin(angle);
        _hasSpareNormal = true;
        return radius * Math.Cos(angle);
    }

    private void FillInBlocks(Span<float> destination)
    {
        // All uniforms are drawn before any transform; that order decides which draw lands in which element.
        FillFloatUniforms(destination);

        int fullBlocksEnd = destination.Length - destination.Length % BlockSize;
        for (int start = 0; start < fullBlocksEnd; start += BlockSize)
        {
            TransformBlock(destination.Slice(start, BlockSize));
        }

        if (fullBlocksEnd != destination.Length)
        {
            // PyTorch handles a partial last block by drawing 16 fresh uniforms over the last 16 elements and
            // transforming them again, overwriting values the full blocks already produced.
            Span<float> lastBlock = destination[^BlockSize..];
            FillFloatUniforms(lastBlock);
            TransformBlock(lastBlock);
        }
    }

    private void FillFloatUniforms(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (_engine.NextUInt32() & FloatMantissaMask) * FloatUniformStep;
        }
    }

    private static void TransformBlock(Span<float> block)
    {
        for (int j = 0; j < HalfBlock; j++)
        {
            // 1 − u maps [0, 1) to (0, 1], keeping log finite.
            float radiusUniform = 1f - block[j];
            float angleUniform = block[j + HalfBlock];

            float radius = MathF.Sqrt(-2f * TorchAvx2Math.Log(radiusUniform));
            TorchAvx2Math.SinCos(TwoPiAsFloat * angleUniform, out float sine, out float cosine);

            block[j] = radius * cosine;
            block[j + HalfBlock] = radius * sine;
        }
    }

    private double NextDoubleUniform()
    {
        // The first 32-bit draw is the high word.
        ulong high = _engine.NextUInt32();
        ulong low = _engine.NextUInt32();
        return (((high << 32) | low) & DoubleMantissaMask) * DoubleUniformStep;
    }
}
