# Help source for Open-DiffusionSession (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Loads a Stable Diffusion model folder into a session that every later render shares.'

    Description = @'
Open-DiffusionSession loads a diffusers ONNX model folder once — tokenizer, noise schedule and one ONNX Runtime session per sub-model — and returns the session. Renders use it in two ways: explicitly with -Session, or implicitly whenever they name the same folder with -Model (or through $env:INVOKEAI_MODEL), so opening a session first is how you choose its provider and device for every later call.

Opening a folder that is already open with the same provider and device returns the open session: nothing is loaded twice. Sessions are shared by every runspace of the process, so ForEach-Object -Parallel renders with one loaded model. Close-DiffusionSession or Remove-Module InvokeAI.PowerShell releases them.

-Provider Auto tries CUDA and falls back to the CPU with a warning that names the library that is missing (for ONNX Runtime 1.31: CUDA 13 and cuDNN 9); -Provider Cuda fails instead of falling back; -Provider Cpu never tries the GPU. Without -Provider a real model uses Auto and the demo model the CPU.
'@

    Parameters  = @{
        Model    = @{
            Description  = 'The model folder (diffusers ONNX layout). Relative paths, ~ and PowerShell drives resolve against the current PowerShell location; tab completion offers open sessions and folders, model folders first. Without it, $env:INVOKEAI_MODEL (resolved the same way), else the built-in demo model.'
            DefaultValue = '$env:INVOKEAI_MODEL, else the built-in demo model'
        }
        Provider = @{
            Description  = 'Where ONNX Runtime runs the model: Auto (CUDA, falling back to the CPU with a warning), Cuda (fail when CUDA cannot load) or Cpu.'
            DefaultValue = 'Auto for a real model, Cpu for the demo model'
        }
        DeviceId = 'The CUDA device number, from 0. Ignored on the CPU.'
        Name     = @{
            Description  = 'A name for the session, shown by Get-DiffusionSession and usable with Get-/Close-DiffusionSession -Name. When the folder is already open, that session is returned under the name it has; a different -Name writes a warning naming both, and the session is not renamed.'
            DefaultValue = 'The model folder''s name ("demo" for the demo model)'
        }
    }

    Outputs     = @{
        'InvokeAI.PowerShell.Sessions.DiffusionSession' = 'The session: Id, Name, Model, Provider (actually in use), DeviceId, ModelSizeMB, LoadMemoryMB, LoadTime, RendersCompleted, IsOpen.'
    }

    Examples    = @(
        @{
            Title   = 'Open a model on the provider you choose and render with it'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$session = Open-DiffusionSession -Provider Cpu
Get-ChildItem $sketches/*.png | Invoke-Img2Img 'watercolour landscape' -Session $session | Save-Image -Directory out
'@
            Remarks = @'
Without a folder, Open-DiffusionSession opens the built-in demo model; the first line finds the example sketches that come with the module. For a real model on an NVIDIA GPU, open its folder with -Provider Cuda: $session = Open-DiffusionSession ~/models/sd15-onnx -Provider Cuda. That fails with an ExecutionProviderUnavailable error naming the missing library when CUDA cannot load, rather than silently rendering on the CPU.
'@
        }
        @{
            Title   = 'Choose the provider once for implicit renders'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$session = Open-DiffusionSession -Provider Cpu
Invoke-Img2Img 'fire' $sketches/fireplace.png -Model $session.Model
'@
            Remarks = 'A render that names an open folder uses its session, whatever provider it was opened with. With a real model: Open-DiffusionSession ~/models/sd15-onnx -Provider Cpu, then Invoke-Img2Img ... -Model ~/models/sd15-onnx.'
        }
        @{
            Title   = 'Share one model between parallel runspaces'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Open-DiffusionSession -Name demo | Out-Null
Get-ChildItem $sketches/*.png | ForEach-Object -Parallel {
    Import-Module InvokeAI.PowerShell
    Invoke-Img2Img 'snow' $_ | Save-Image -Directory out -Path '{stem}.png'
} -ThrottleLimit 2
'@
            Remarks = 'Every runspace renders with the same loaded model; ONNX Runtime runs the renders concurrently. Each render is saved under its sketch''s name, so the runspaces never compete for a file name.'
        }
    )

    Links       = @('about_InvokeAI', 'Get-DiffusionSession', 'Close-DiffusionSession', 'Invoke-Img2Img')
}
