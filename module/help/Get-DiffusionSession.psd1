# Help source for Get-DiffusionSession (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Lists the open model sessions: model, provider in use, memory, renders done.'

    Description = @'
Get-DiffusionSession lists the sessions the module holds, whether opened with Open-DiffusionSession or implicitly by a render. Each shows the model folder, the execution provider actually in use (after any CUDA fallback), the device, the size of the model's files, how much the process grew while loading it, the load time and the number of renders done with it.
'@

    Parameters  = @{
        Name = 'Session names to list; wildcards allowed. A plain name that matches no session is an error (SessionNotFound); a wildcard that matches none is not.'
        Id   = 'Session ids to list. An id that is not open is an error (SessionNotFound).'
    }

    Outputs     = @{
        'InvokeAI.PowerShell.Sessions.DiffusionSession' = 'The open sessions.'
    }

    Examples    = @(
        @{
            Title   = 'What is loaded'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Get-ChildItem $sketches/*.png | Invoke-Img2Img 'fire' -Steps 10 | Out-Null
Get-DiffusionSession

 Id Name           Provider          ModelMB  LoadMB Renders Model
 -- ----           --------          -------  ------ ------- -----
  1 demo           CPU                   2.9    44.8       5 /…/InvokeAI.PowerShell/models/demo
'@
            Remarks = 'The renders loaded the demo model once, as a session named demo, and all five used it. ModelMB is the size of the model''s files; LoadMB how much the process grew while loading them. The first line finds the example sketches that come with the module.'
        }
        @{
            Title   = 'One session in detail'
            Code    = @'
Open-DiffusionSession | Out-Null
Get-DiffusionSession -Name demo | Format-List

Id                : 1
Name              : demo
Model             : /…/InvokeAI.PowerShell/models/demo
IsDemo            : True
RequestedProvider : Cpu
Provider          : CPU
DeviceId          : 0
ModelSizeMB       : 2.9
LoadMemoryMB      : 44.8
LoadTime          : 00:00:00.3820041
OpenedAt          : 12/06/2026 06:07:49
RendersCompleted  : 0
IsOpen            : True
'@
            Remarks = 'Shows the requested and the actual provider, the device, the load time and when it was opened.'
        }
        @{
            Title   = 'Pass a session on'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
Open-DiffusionSession | Out-Null
Invoke-Img2Img 'fire' $sketches/fireplace.png -Session (Get-DiffusionSession -Name demo)

Size            Seed Strength   Steps  Cfg Sampler    Source         Prompt
----            ---- --------   -----  --- -------    ------         ------
512x512   3171600493     0.75   37/50  7.5 k_lms      fireplace.png  fire
'@
            Remarks = 'The same as naming the session''s model folder with -Model.'
        }
    )

    Links       = @('about_InvokeAI', 'Open-DiffusionSession', 'Close-DiffusionSession')
}
