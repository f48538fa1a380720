using InvokeAI.Core.Models;

namespace InvokeAI.PowerShell.Sessions;

/// <summary>
/// Whether a session of the right folder serves a request for a provider and device, so that opening a model
/// that is already open returns it instead of loading a second copy. What counts is the provider a session
/// actually runs on, not the one it was opened with: Auto asks for "the best there is" and takes whatever is open in
/// that slot; Cpu takes a session on the CPU (one opened with Auto that fell back to it too) in that slot; Cuda takes a session
/// on CUDA on that device. On the CPU the device id is a worker slot: -DeviceId 0,1 opens two CPU sessions of one
/// model, so a render can spread its inputs over both, as it would over two GPUs.
/// </summary>
/// <remarks>
/// Auto keeps to its slot so that -DeviceId 0,1 (Auto being a real model's default) opens two sessions rather than
/// returning the first twice; only an implicit render, which names no device, takes a session in any slot.
/// </remarks>
internal readonly record struct ProviderRequest(ExecutionProvider Provider, int DeviceId)
{
    private bool AnyDevice { get; init; }

    /// <summary>What an implicit render asks for: any session of the folder, whatever it runs on and wherever.</summary>
    public static ProviderRequest Any => new(ExecutionProvider.Auto, 0) { AnyDevice = true };

    /// <summary>A loaded session: its provider in use is known.</summary>
    public bool IsMetBy(DiffusionSession session) => Provider switch
    {
        ExecutionProvider.Cpu => !session.UsesCuda && session.DeviceId == DeviceId,
        ExecutionProvider.Cuda => session.UsesCuda && session.DeviceId == DeviceId,
        _ => AnyDevice || session.DeviceId == DeviceId,
    };

    /// <summary>
    /// A session still loading, opened with <paramref name="provider"/>: true when it may turn out to serve the
    /// request (an Auto load may end on CUDA or on the CPU), so the request waits for it rather than loading again.
    /// </summary>
    public bool MayBeMetBy(ExecutionProvider provider, int deviceId) => Provider switch
    {
        ExecutionProvider.Cpu => provider != ExecutionProvider.Cuda && deviceId == DeviceId,
        ExecutionProvider.Cuda => provider != ExecutionProvider.Cpu && deviceId == DeviceId,
        _ => AnyDevice || deviceId == DeviceId,
    };
}
