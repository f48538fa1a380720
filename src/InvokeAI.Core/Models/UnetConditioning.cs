namespace InvokeAI.Core.Models;

/// <summary>
/// What every UNet call of one render is conditioned on besides the latent and the timestep, batch first
/// ([negative, prompt] with classifier-free guidance): the hidden states, and per family SDXL's pooled
/// <c>text_embeds</c> and <c>time_ids</c> or LCM's <c>timestep_cond</c>. Converted once, when the render starts, to
/// the element types the UNet declares, so an fp16 UNet's hidden states are not converted again on every step.
/// </summary>
internal sealed class UnetConditioning
{
    private readonly IReadOnlyList<UnetInput> _inputs;
    private UnetConditioning[]? _rows;

    public int Batch { get; }

    internal UnetConditioning(int batch, IReadOnlyList<UnetInput> inputs)
    {
        Batch = batch;
        _inputs = inputs;
    }

    public IReadOnlyList<UnetInput> Inputs => _inputs;

    /// <summary>The conditioning of one batch row, for UNets exported with a fixed batch of one (cut once, then reused).</summary>
    public UnetConditioning Row(int row)
    {
        _rows ??= Enumerable.Range(0, Batch).Select(r => new UnetConditioning(1, _inputs.Select(input => input.Row(r, Batch)).ToArray())).ToArray();
        return _rows[row];
    }
}

/// <summary>One named UNet input: its data already in the declared element type, and its shape (batch first).</summary>
internal sealed record UnetInput(string Name, Array Data, long[] Shape)
{
    public UnetInput Row(int row, int batch)
    {
        int rowLength = Data.Length / batch;
        var data = Array.CreateInstance(Data.GetType().GetElementType()!, rowLength);
        Array.Copy(Data, row * rowLength, data, 0, rowLength);
        return new UnetInput(Name, data, [1, .. Shape[1..]]);
    }
}
