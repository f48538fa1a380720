using System.Security.Cryptography;

namespace InvokeAI.Core.Imaging;

/// <summary>
/// SHA-256 as lower-case hex: the fingerprint a render records of the pixels it started from (InitImageHash,
/// MaskHash), so two renders can be shown to share an init image or a mask without keeping the pixels.
/// </summary>
public static class Sha256Hex
{
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
