namespace InvokeAI.Core.Noise;

/// <summary>
/// The 32-bit Mersenne Twister of Matsumoto and Nishimura (MT19937), seeded with <c>init_genrand</c>.
/// This is the engine behind PyTorch's CPU generator, so its output is the same as <c>std::mt19937</c> and
/// <c>at::mt19937</c> for the same seed. Not thread-safe: one instance belongs to one render.
/// </summary>
public sealed class Mt19937
{
    private const int StateSize = 624;
    private const int ShiftSize = 397;
    private const uint TwistMatrix = 0x9908B0DF;
    private const uint UpperBit = 0x80000000;
    private const uint LowerBits = 0x7FFFFFFF;
    private const uint InitMultiplier = 1812433253;

    private readonly uint[] _state = new uint[StateSize];

    // Starts at StateSize so that the first draw regenerates the whole state, as init_genrand expects.
    private int _nextIndex = StateSize;

    public Mt19937(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < StateSize; i++)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked(InitMultiplier * (previous ^ (previous >> 30)) + (uint)i);
        }
    }

    /// <summary>The next tempered 32-bit output.</summary>
    public uint NextUInt32()
    {
        if (_nextIndex >= StateSize)
        {
            Twist();
        }

        uint y = _state[_nextIndex++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (int i = 0; i < StateSize; i++)
        {
            // Indices wrap so the last words mix with the first ones, which were already replaced this pass;
            // that is how the reference implementation orders the in-place update.
            uint mixed = (_state[i] & UpperBit) | (_state[(i + 1) % StateSize] & LowerBits);
            uint twisted = (mixed >> 1) ^ ((mixed & 1) != 0 ? TwistMatrix : 0u);
            _state[i] = _state[(i + ShiftSize) % StateSize] ^ twisted;
        }

        _nextIndex = 0;
    }
}
