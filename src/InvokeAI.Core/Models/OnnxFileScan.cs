namespace InvokeAI.Core.Models;

/// <summary>
/// Looks for an operator type in an ONNX file without parsing it: op_type is stored as a plain protobuf string,
/// so its bytes appear verbatim. Used once per load to spot a VAE encoder that samples with an unseeded
/// RandomNormalLike node (its renders cannot be reproduced, and the user should be told).
/// </summary>
internal static class OnnxFileScan
{
    public static bool ContainsOpType(string onnxPath, string opType)
    {
        byte[] needle = System.Text.Encoding.ASCII.GetBytes(opType);
        using var stream = new FileStream(onnxPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 20];
        int carried = 0;
        while (true)
        {
            int read = stream.Read(buffer, carried, buffer.Length - carried);
            if (read == 0) return false;
            int filled = carried + read;
            if (buffer.AsSpan(0, filled).IndexOf(needle) >= 0) return true;
            // Keep the tail so a match that straddles two reads is still found.
            carried = Math.Min(needle.Length - 1, filled);
            Buffer.BlockCopy(buffer, filled - carried, buffer, 0, carried);
        }
    }
}
