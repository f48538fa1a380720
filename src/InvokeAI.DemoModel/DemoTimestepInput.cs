namespace InvokeAI.DemoModel;

/// <summary>
/// How the demo UNet declares its <c>timestep</c> input. Real exports disagree on it, so the demo can stand in
/// for each of them and prove that the pipeline feeds the timestep the way the model asks.
/// </summary>
public enum DemoTimestepInput
{
    /// <summary>float32 [batch], as diffusers ≥ 0.10 exports it. The default demo model.</summary>
    Float32Batch,

    /// <summary>int64 [batch], as diffusers ≤ 0.9 and the CompVis/runwayml hub <c>onnx</c> branches export it.</summary>
    Int64Batch,

    /// <summary>A float32 scalar (rank 0) shared by the whole batch, as optimum ≥ 1.24 exports it.</summary>
    Float32Scalar,

    /// <summary>
    /// float16 [batch], as diffusers' ONNX conversion script declares it with <c>--fp16</c> (its dummy timestep is
    /// cast to the export dtype). Only the timestep is half precision here; the rest stays float32.
    /// </summary>
    Float16Batch,
}
