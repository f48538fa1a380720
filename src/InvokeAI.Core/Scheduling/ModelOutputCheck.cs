namespace InvokeAI.Core.Scheduling;

/// <summary>
/// Guards a sampler against a model function that returns the wrong shape, which would otherwise surface as an
/// index error deep inside a step (or, worse, a silently truncated update).
/// </summary>
internal static class ModelOutputCheck
{
    public static void EnsureMatches(float[]? modelOutput, float[] sample)
    {
        if (modelOutput is null || modelOutput.Length != sample.Length)
            throw new InvalidOperationException(
                $"The model returned {modelOutput?.Length.ToString() ?? "nothing"} values for a sample of {sample.Length}.");
    }
}
