# Help source for Open-DiffusionSession (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Loads a Stable Diffusion model folder into a session that every later render shares.'

    Description = @'
Open-DiffusionSession loads a diffusers ONNX model folder once — tokenizer, noise schedule and one ONNX Runtime session per sub-model — and returns the session. Renders use it in two ways: explicitly with -Session, or implicitly whenever they name the same folder with -Model (or through $env:INVOKEAI_MODEL), so opening a session first is how you choose its provider and device for every later call.

Opening a folder that is already open with the same provider and device returns the open session (for -Provider Auto, whatever it runs on with that device id): nothing is loaded twice. Sessions are shared by every runspace of the process, so ForEach-Object -Parallel renders with one loaded model. Close-DiffusionSession or Remove-Module InvokeAI.PowerShell releases them.

-Provider Auto tries CUDA and falls back to the CPU with a warning that names the library that is missing (for ONNX Runtime 1.31: CUDA 13 and cuDNN 9); -Provider Cuda fails instead of falling back; -Provider Cpu never tries the GPU. Without -Provider a real model uses Auto and the demo model the CPU.

-DeviceId takes several ids and opens one session per id, each written to the pipeline: -Provider Cuda -DeviceId 0,1 loads the model on two GPUs. On the CPU an id is a worker slot, so -Provider Cpu -DeviceId 0,1 opens two CPU sessions of the same model.

CUDA sessions take ONNX Runtime's CUDA provider options: -GpuMemoryLimitMB, -ArenaExtendStrategy, -CudnnConvolutionSearch, and -TensorRT to put TensorRT in front of CUDA. The session's CudaOptions shows what was applied, as ONNX Runtime's keys. A session that runs on the CPU (-Provider Cpu, or Auto when CUDA cannot load) ignores them and says so in a warning that gives the reason; -TensorRT without TensorRT's libraries warns which one is missing and continues on CUDA alone.

On the CPU, -ThreadCount sets how many threads ONNX Runtime computes with (by default one per processor), and -OptimizedModelCache names a folder where each sub-model's graph is kept as ONNX Runtime optimised it, so later loads of the same files skip the optimisation. Both apply when this call loads the model: an open session is returned as it was loaded.
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
        DeviceId = @{
            Description  = 'The CUDA device numbers, from 0 to 64, each at most once: one session is opened (or an open one returned) per number, in the order given. On the CPU a number is a worker slot: another number opens another session of the same model (0 is the one an implicit render opens).'
            DefaultValue = '0'
        }
        GpuMemoryLimitMB = @{
            Description  = 'The most device memory, in MiB (1 to 1048576), that ONNX Runtime''s CUDA arena may hold for this session (its gpu_mem_limit, given in bytes). Lower it to fit two sessions, or a session and another program, on one GPU; a render that needs more fails instead of taking it. Ignored, with a warning, when the session runs on the CPU.'
            DefaultValue = 'No limit'
        }
        ArenaExtendStrategy = @{
            Description  = 'How the CUDA arena grows when it needs more memory (arena_extend_strategy): NextPowerOfTwo doubles each time, which allocates less often but may hold much more than used; SameAsRequested takes only what is asked for, which holds less and suits a -GpuMemoryLimitMB close to what the model needs. Ignored, with a warning, on the CPU.'
            DefaultValue = 'NextPowerOfTwo (ONNX Runtime''s default)'
        }
        CudnnConvolutionSearch = @{
            Description  = 'How cuDNN picks each convolution''s algorithm (cudnn_conv_algo_search): Exhaustive benchmarks them all on the first call of each shape, so the first render is slower and later ones fastest; Heuristic takes cuDNN''s estimate with no benchmark; Default takes cuDNN''s default algorithm. Heuristic suits a session that renders few images or many sizes. Ignored, with a warning, on the CPU.'
            DefaultValue = 'Exhaustive (ONNX Runtime''s default)'
        }
        TensorRT = @{
            Description  = 'Put ONNX Runtime''s TensorRT provider in front of CUDA: TensorRT runs the parts of each graph it supports and CUDA the rest. It needs TensorRT 10 (libnvinfer.so.10, or nvinfer_10.dll on Windows) on the library path besides the CUDA libraries; when it cannot load, a warning names what is missing and the session runs on CUDA alone. TensorRT builds an engine for each sub-model on the first load, which can take minutes. The session''s CudaOptions starts with "TensorRT" when it is in use.'
            DefaultValue = 'Off: CUDA alone'
        }
        ThreadCount = @{
            Description  = 'How many threads ONNX Runtime uses for each CPU operation (its intra-op threads), from 1 to 1024. Fewer threads leave cores to other work on a shared machine, at the cost of slower renders; -ThreadCount 1 is ONNX Runtime''s single-thread baseline. Shown as the session''s ThreadCount. Ignored on CUDA (ThreadCount is then empty). When the folder is already open with another thread count, that session is returned with a warning.'
            DefaultValue = 'The number of processors ([Environment]::ProcessorCount)'
        }
        OptimizedModelCache = @{
            Description  = 'A folder (created when missing) for the optimised graphs of CPU sessions. The first load of a model saves each sub-model''s graph after ONNX Runtime''s optimisation, with its weights, into an entry of its own (a folder named after the sub-model and a SHA-256 key of its files, their sizes and times, the ONNX Runtime version, the CPU and the session options, -ThreadCount included); later loads of the same files open that graph with optimisation turned off. An entry needs about as much disk as the sub-model''s weights. Renders are identical with and without the cache. A changed model file gets a new entry and its old one is deleted; a damaged entry is deleted with a warning and rebuilt; a folder that cannot be written gives a warning and the model loads without it. CUDA sessions are never cached. The session''s OptimizedModelCacheUses says per sub-model whether an entry was Created, Used, Replaced or NotWritten.'
            DefaultValue = 'None: graphs are optimised on every load'
        }
        Name     = @{
            Description  = 'A name for the session, shown by Get-DiffusionSession and usable with Get-/Close-DiffusionSession -Name. When the folder is already open, that session is returned under the name it has; a different -Name writes a warning naming both, and the session is not renamed.'
            DefaultValue = 'The model folder''s name ("demo" for the demo model)'
        }
    }

    Outputs     = @{
        'InvokeAI.PowerShell.Sessions.DiffusionSession' = 'One session per -DeviceId: Id, Name, Model, Provider (actually in use), DeviceId, CudaOptions (the CUDA provider options applied; empty on the CPU), ThreadCount (CPU threads; empty on CUDA), OptimizedModelCache and OptimizedModelCacheUses, ModelSizeMB, LoadMemoryMB, LoadTime, RendersCompleted, IsOpen.'
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
        @{
            Title   = 'Leave a core free and keep the optimised graphs for the next load'
            Code    = @'
$session = Open-DiffusionSession -Provider Cpu -ThreadCount 1 -OptimizedModelCache ./model-cache
$session.ThreadCount
$session.OptimizedModelCacheUses | Format-Table SubModel, Outcome
'@
            Remarks = 'A scheduled render on a machine someone else uses can take one thread and leave the other cores free. The first load with -OptimizedModelCache writes each sub-model''s optimised graph into ./model-cache (Outcome Created); a new PowerShell process that opens the same model with the same options reads them back (Outcome Used) and skips the optimisation. With a real model: Open-DiffusionSession ~/models/sd15-onnx -Provider Cpu -OptimizedModelCache ~/.cache/invokeai-onnx.'
        }
        @{
            Title   = 'Open one session per device, with CUDA options'
            Code    = @'
$sessions = Open-DiffusionSession -Provider Cpu -DeviceId 0,1
$sessions | Format-Table Id, DeviceId, Provider
$sessions | Close-DiffusionSession
'@
            Remarks = 'Two sessions of the demo model, one per worker slot on the CPU. On a machine with two NVIDIA GPUs the same call with a real model and CUDA options loads it once on each: Open-DiffusionSession ~/models/sd15-onnx -Provider Cuda -DeviceId 0,1 -GpuMemoryLimitMB 6144 -ArenaExtendStrategy SameAsRequested -CudnnConvolutionSearch Heuristic. Each session''s CudaOptions then reads CUDA: device_id=0 gpu_mem_limit=6442450944 arena_extend_strategy=kSameAsRequested cudnn_conv_algo_search=HEURISTIC (device_id=1 for the other). Add -TensorRT when TensorRT 10 is installed.'
        }
    )

    Links       = @('about_InvokeAI', 'Get-DiffusionSession', 'Close-DiffusionSession', 'Invoke-Img2Img')
}
