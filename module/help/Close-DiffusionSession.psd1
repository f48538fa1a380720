# Help source for Close-DiffusionSession (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Releases model sessions and the memory their models hold.'

    Description = @'
Close-DiffusionSession disposes the ONNX Runtime sessions of a model and forgets it; the next render that names the folder loads it again. A render still running with the session in another runspace finishes first, then the memory goes. Rendering with a closed session object (-Session) writes a SessionClosed error. Remove-Module InvokeAI.PowerShell closes every session.
'@

    Parameters  = @{
        Session = 'The sessions to close, from Open-DiffusionSession or Get-DiffusionSession (pipeline input).'
        Name    = 'Names of the sessions to close; wildcards allowed.'
        All     = 'Close every open session.'
        PassThru = 'Writes each session it closed (with IsOpen now false).'
        WhatIf  = 'Shows which sessions would be closed without closing them.'
        Confirm = 'Asks before closing each session.'
    }

    Inputs      = @{
        'InvokeAI.PowerShell.Sessions.DiffusionSession' = 'Sessions from Get-DiffusionSession or Open-DiffusionSession.'
    }

    Outputs     = @{
        'InvokeAI.PowerShell.Sessions.DiffusionSession' = 'With -PassThru, the sessions it closed; otherwise nothing.'
    }

    Examples    = @(
        @{
            Title   = 'Close the sessions a pattern names'
            Code    = @'
Open-DiffusionSession | Out-Null
Get-DiffusionSession -Name de* | Close-DiffusionSession
'@
            Remarks = 'Open-DiffusionSession without a folder opens the demo model as a session named demo (a model folder''s session is named after the folder, such as sd15-onnx, unless -Name says otherwise). Every session whose name starts with de is closed and its memory freed; the next render that needs its model loads it again.'
        }
        @{
            Title   = 'Close everything'
            Code    = 'Close-DiffusionSession -All'
            Remarks = 'The same as what Remove-Module does on its way out. With no session open it does nothing.'
        }
        @{
            Title   = 'See what would be closed'
            Code    = @'
Open-DiffusionSession | Out-Null
Close-DiffusionSession -All -WhatIf

What if: Performing the operation "Close" on target "session 1 'demo' (/…/InvokeAI.PowerShell/models/demo)".
'@
            Remarks = 'Lists the sessions without closing them.'
        }
    )

    Links       = @('about_InvokeAI', 'Open-DiffusionSession', 'Get-DiffusionSession')
}
