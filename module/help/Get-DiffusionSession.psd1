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
Get-DiffusionSession

 Id Name           Provider          ModelMB  LoadMB Renders Model
 -- ----           --------          -------  ------ ------- -----
  1 demo           CPU                   3.1    12.5      14 /home/me/InvokeAI.PowerShell/models/demo
'@
            Remarks = 'ModelMB is the size of the model''s files; LoadMB how much the process grew while loading them.'
        }
        @{
            Title   = 'One session in detail'
            Code    = 'Get-DiffusionSession -Name demo | Format-List'
            Remarks = 'Shows the requested and the actual provider, the device, the load time and when it was opened.'
        }
        @{
            Title   = 'Pass a session on'
            Code    = 'Invoke-Img2Img ''fire'' sketch.png -Session (Get-DiffusionSession -Id 1)'
            Remarks = 'The same as naming the session''s model folder with -Model.'
        }
    )

    Links       = @('about_InvokeAI', 'Open-DiffusionSession', 'Close-DiffusionSession')
}
