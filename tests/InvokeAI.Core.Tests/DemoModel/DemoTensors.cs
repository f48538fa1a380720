using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InvokeAI.Core.Tests.DemoModel;

/// <summary>Test images, noise and statistics in the layouts the demo graphs take (NCHW, pixels in [−1, 1]).</summary>
internal static class DemoTensors
{
    /// <summary>A smooth colour image: red rises left to right, green top to bottom, blue stays low.</summary>
    public static float[] Gradient(int size)
    {
        var pixels = new float[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
        {
            pixels[y * size + x] = -0.8f + 1.6f * x / (size - 1);
            pixels[plane + y * size + x] = -0.6f + 1.2f * y / (size - 1);
            pixels[2 * plane + y * size + x] = -0.3f;
        }
        return pixels;
    }

    /// <summary>Black and white squares of <paramref name="square"/> pixels, the same in every channel.</summary>
    public static float[] Checkerboard(int size, int square)
    {
        var pixels = new float[3 * size * size];
        for (int c = 0; c < 3; c++)
        for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
            pixels[(c * size + y) * size + x] = (x / square + y / square) % 2 == 0 ? 1f : -1f;
        return pixels;
    }

    /// <summary>Seeded standard normal values (Box–Muller), so a failing test fails the same way every run.</summary>
    public static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
        return values;
    }

    public static double RootMeanSquare(IReadOnlyList<float> a, IReadOnlyList<float> b) =>
        Math.Sqrt(Enumerable.Range(0, a.Count).Average(i => (double)(a[i] - b[i]) * (a[i] - b[i])));

    public static double StandardDeviation(IReadOnlyList<float> values)
    {
        double mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }

    /// <summary>The mean of one channel of an NCHW tensor with batch 1.</summary>
    public static double ChannelMean(float[] tensor, int channels, int channel)
    {
        int plane = tensor.Length / channels;
        return tensor.AsSpan(channel * plane, plane).ToArray().Average(v => (double)v);
    }

    public static DenseTensor<T> Tensor<T>(T[] data, params int[] dims) => new(data, dims);

    /// <summary>Runs a session and returns one output's values and shape; every native result is disposed.</summary>
    public static (float[] Values, int[] Shape) Run(InferenceSession session, string output, params NamedOnnxValue[] inputs)
    {
        using var results = session.Run(inputs);
        var tensor = results.Single(r => r.Name == output).AsTensor<float>();
        return (tensor.ToArray(), tensor.Dimensions.ToArray());
    }
}
