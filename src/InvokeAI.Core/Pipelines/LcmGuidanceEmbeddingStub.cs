namespace InvokeAI.Core.Pipelines;
// TEMPORARY until the lcm branch merges.
internal static class LcmGuidanceEmbedding
{
    public static float[] For(double cfgScale, int dimensions = 256) => throw new NotImplementedException();
}
