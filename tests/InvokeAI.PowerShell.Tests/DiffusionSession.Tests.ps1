BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'init.png') -Width 64 -Height 64
    $script:demoCopy = Copy-DemoModel (Join-Path $TestDrive 'demo-copy')
}

Describe 'Open-, Get- and Close-DiffusionSession' {
    BeforeEach { Close-DiffusionSession -All }

    It 'opens the demo model once and returns the open session when asked again' {
        $first = Open-DiffusionSession
        $again = Open-DiffusionSession
        $again.Id | Should -Be $first.Id
        @(Get-DiffusionSession).Count | Should -Be 1
        $first.Name | Should -Be 'demo'
        $first.IsDemo | Should -BeTrue
        $first.Provider | Should -Be 'CPU'
        $first.ModelSizeMB | Should -BeGreaterThan 0
    }

    It 'returns the open session for -Provider Auto, and for an explicit provider it runs on in that slot' {
        $cpu = Open-DiffusionSession $demoCopy -Provider Cpu
        (Open-DiffusionSession $demoCopy -Provider Auto -WarningAction SilentlyContinue).Id | Should -Be $cpu.Id
        (Open-DiffusionSession $demoCopy).Id | Should -Be $cpu.Id
        (Open-DiffusionSession $demoCopy -Provider Cpu -DeviceId 0).Id | Should -Be $cpu.Id
        @(Get-DiffusionSession).Count | Should -Be 1
        # On the CPU a device id is a worker slot: another id is another session of the model.
        $second = Open-DiffusionSession $demoCopy -Provider Cpu -DeviceId 1
        $second.Id | Should -Not -Be $cpu.Id
        (Open-DiffusionSession $demoCopy -Provider Cpu -DeviceId 1).Id | Should -Be $second.Id
        @(Get-DiffusionSession).Count | Should -Be 2
    }

    It 'returns a session opened with Auto that fell back to the CPU for -Provider Cpu, and never for -Provider Cuda' {
        $auto = Open-DiffusionSession $demoCopy -Provider Auto -WarningAction SilentlyContinue
        if ($auto.Provider -ne 'CPU') {
            Set-ItResult -Skipped -Because 'CUDA is available here, so Auto did not fall back to the CPU'
            return
        }
        $messages = Open-DiffusionSession $demoCopy -Provider Cpu -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $messages.Message | Should -Match "already open as session $($auto.Id)"
        Open-DiffusionSession $demoCopy -Provider Cuda -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'ExecutionProviderUnavailable,InvokeAI.PowerShell.Commands.OpenDiffusionSessionCommand'
        @(Get-DiffusionSession).Count | Should -Be 1
    }

    It 'warns, naming both, when -Name differs from the name of the open session it returns' {
        $first = Open-DiffusionSession $demoCopy -Provider Cpu -Name first
        $second = Open-DiffusionSession $demoCopy -Provider Cpu -Name second -WarningVariable warnings -WarningAction SilentlyContinue
        $second.Id | Should -Be $first.Id
        $second.Name | Should -Be 'first'
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -BeLike "*named 'first'*not renamed to 'second'*"
        # The same name, or none, asks for nothing that is ignored.
        Open-DiffusionSession $demoCopy -Provider Cpu -Name first -WarningVariable same -WarningAction SilentlyContinue | Out-Null
        Open-DiffusionSession $demoCopy -Provider Cpu -WarningVariable none -WarningAction SilentlyContinue | Out-Null
        @($same).Count + @($none).Count | Should -Be 0
    }

    It 'renders with an explicit session and counts its renders' {
        $session = Open-DiffusionSession $demoCopy -Provider Cpu -Name copy
        Invoke-Img2Img 'fire' $init -Session $session -Steps 2 -Strength 0.5 | Out-Null
        Invoke-Img2Img 'fire' $init -Session $session -Steps 2 -Strength 0.5 | Out-Null
        (Get-DiffusionSession -Name copy).RendersCompleted | Should -Be 2
    }

    It 'lets an implicit render use a session opened for the same folder' {
        $session = Open-DiffusionSession $demoCopy -Provider Cpu
        $image = Invoke-Img2Img 'fire' $init -Model $demoCopy -Steps 2 -Strength 0.5
        $image.Model | Should -Be $session.Model
        @(Get-DiffusionSession).Count | Should -Be 1
        $session.RendersCompleted | Should -Be 1
    }

    It 'finds sessions by name with wildcards and by id, and says when a name matches none' {
        $a = Open-DiffusionSession $demoCopy -Provider Cpu -Name alpha
        (Get-DiffusionSession -Name al*).Id | Should -Be $a.Id
        (Get-DiffusionSession -Id $a.Id).Name | Should -Be 'alpha'
        Get-DiffusionSession -Name nothing -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,InvokeAI.PowerShell.Commands.GetDiffusionSessionCommand'
        @(Get-DiffusionSession -Name 'no*' -ErrorAction Stop).Count | Should -Be 0
    }

    It 'says when Close-DiffusionSession -Name names no session, as Get-DiffusionSession does' {
        $kept = Open-DiffusionSession $demoCopy -Provider Cpu -Name kept
        Close-DiffusionSession -Name nope, kept -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,InvokeAI.PowerShell.Commands.CloseDiffusionSessionCommand'
        $problems[0].TargetObject | Should -Be 'nope'
        $kept.IsOpen | Should -BeFalse
        Close-DiffusionSession -Name 'no*' -ErrorAction Stop
    }

    It 'tab-completes -Name of Get- and Close-DiffusionSession with the names of the open sessions' {
        Open-DiffusionSession $demoCopy -Provider Cpu -Name 'my copy' | Out-Null
        Open-DiffusionSession -Name demo | Out-Null
        foreach ($command in 'Get-DiffusionSession', 'Close-DiffusionSession') {
            $line = "$command -Name "
            $all = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            $all.CompletionText | Should -Be @('demo', "'my copy'")
            $all[1].ToolTip | Should -Match ([regex]::Escape($demoCopy))
            $line = "$command -Name my"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("'my copy'")
        }
    }

    It 'closes sessions; a closed session gives a clear error and -WhatIf closes nothing' {
        $session = Open-DiffusionSession $demoCopy -Provider Cpu
        $session | Close-DiffusionSession -WhatIf
        $session.IsOpen | Should -BeTrue
        $session | Close-DiffusionSession
        $session.IsOpen | Should -BeFalse
        @(Get-DiffusionSession).Count | Should -Be 0
        Invoke-Img2Img 'fire' $init -Session $session -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'SessionClosed,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
    }

    It 'falls back to the CPU keeping the reason that names what is missing, or fails when CUDA is demanded' {
        $session = Open-DiffusionSession $demoCopy -Provider Auto -WarningVariable warnings -WarningAction SilentlyContinue
        if ($session.Provider -eq 'CPU') {
            $session.CpuFallbackReason | Should -Match 'CUDA is not available .*lib'
            # The warning itself is given once per process: by this load only if no earlier one gave it.
            @($warnings | Where-Object { "$_" -ne $session.CpuFallbackReason }) | Should -BeNullOrEmpty
            Open-DiffusionSession $demoCopy -Provider Cuda -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -Be 'ExecutionProviderUnavailable,InvokeAI.PowerShell.Commands.OpenDiffusionSessionCommand'
        }
        else {
            $session.Provider | Should -Match '^CUDA'
            $session.CpuFallbackReason | Should -BeNullOrEmpty
        }
    }

    It 'warns once per process that CUDA cannot load, however many models fall back, each keeping the reason' {
        # Two folders: a second load of one folder would return its open session instead of loading again.
        $copies = New-Item -ItemType Directory (Join-Path $TestDrive 'once-per-process')
        $firstCopy = Join-Path $copies 'first'
        $secondCopy = Join-Path $copies 'second'
        Copy-Item $demoCopy $firstCopy -Recurse
        Copy-Item $demoCopy $secondCopy -Recurse
        $script = Join-Path $TestDrive 'open-two.ps1'
        Set-Content $script @'
param([string] $ModulePath, [Parameter(ValueFromRemainingArguments)] [string[]] $Folders)
Import-Module $ModulePath
foreach ($folder in $Folders) {
    $session = Open-DiffusionSession $folder -Provider Auto -WarningVariable warnings -WarningAction SilentlyContinue
    [pscustomobject]@{ Provider = $session.Provider; Reason = $session.CpuFallbackReason; Warnings = @($warnings | ForEach-Object { "$_" }) } |
        ConvertTo-Json -Compress
}
'@
        # A new process: this one has given its warning long ago.
        $run = Invoke-ChildPwsh -File $script -Arguments $env:INVOKEAI_TEST_MODULE, $firstCopy, $secondCopy
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $first, $second = $run.Output | ForEach-Object { $_ | ConvertFrom-Json }
        if ($first.Provider -ne 'CPU') {
            $first.Reason | Should -BeNullOrEmpty
            $second.Reason | Should -BeNullOrEmpty
            return
        }
        $first.Reason | Should -Match 'CUDA is not available .*lib'
        @($first.Warnings) | Should -Be @($first.Reason)
        @($second.Warnings).Count | Should -Be 0
        $second.Reason | Should -Be $first.Reason
    }

    It 'names a model folder that is not there' {
        Open-DiffusionSession (Join-Path $TestDrive 'nowhere') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelFolderInvalid,InvokeAI.PowerShell.Commands.OpenDiffusionSessionCommand'
        $problems[0].TargetObject | Should -Be (Join-Path $TestDrive 'nowhere')
    }

    It 'refuses a scheduler_config.json whose prediction_type no sampler knows, naming the file and what is accepted' {
        $folder = Join-Path $TestDrive 'flow-model'
        Copy-Item $demoCopy $folder -Recurse
        $configPath = Join-Path $folder 'scheduler/scheduler_config.json'
        Set-Content $configPath '{ "prediction_type": "flow_matching" }'
        Open-DiffusionSession $folder -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelFolderInvalid,InvokeAI.PowerShell.Commands.OpenDiffusionSessionCommand'
        $problems[0].TargetObject | Should -Be $configPath
        $problems[0].Exception.Message | Should -BeLike "*prediction_type 'flow_matching' is not supported (epsilon, v_prediction, sample)*"
        @(Get-DiffusionSession).Count | Should -Be 0
    }

    It 'shares one session between parallel runspaces' {
        $session = Open-DiffusionSession
        1..2 | ForEach-Object -Parallel {
            Import-Module $env:INVOKEAI_TEST_MODULE
            Invoke-Img2Img 'fire' $using:init.FullName -Steps 2 -Strength 0.5 | Out-Null
        } -ThrottleLimit 2
        @(Get-DiffusionSession).Count | Should -Be 1
        $session.RendersCompleted | Should -Be 2
    }

    It 'tab-completes model folders, model folders first' {
        $parent = Split-Path $demoCopy -Parent
        New-Item -ItemType Directory (Join-Path $parent 'demo-empty') | Out-Null
        $line = "Invoke-Img2Img -Model $parent/dem"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Contain "$parent/demo-copy"
        $completions[0].ToolTip | Should -Be 'Stable Diffusion model folder'
        Push-Location $parent
        try {
            $line = 'Invoke-Img2Img -Model ./demo-c'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('./demo-copy')
        }
        finally { Pop-Location }
    }

    It 'offers the folder of an open session once, as the open session' {
        $session = Open-DiffusionSession $demoCopy -Provider Cpu -Name copy
        $parent = Split-Path $demoCopy -Parent
        $line = "Invoke-Img2Img -Model $parent/dem"
        $completions = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches |
                Where-Object { $_.CompletionText.TrimEnd('/', '\') -like '*demo-copy' })
        $completions.Count | Should -Be 1
        $completions[0].CompletionText | Should -Be $session.Model
        $completions[0].ToolTip | Should -Be "Open session 'copy' on CPU"
    }

    It 'shows sessions as a table' {
        Open-DiffusionSession | Out-Null
        $text = Get-DiffusionSession | Format-Table | Out-String
        $text | Should -Match 'Provider'
        $text | Should -Match 'demo'
    }
}

Describe 'Invoke-Img2Img batch options' {
    It 'renders -Iterations images per input with consecutive seeds' {
        $images = @(Invoke-Img2Img 'fire' $init -Iterations 3 -Seed 100 -Steps 2 -Strength 0.5)
        $images.Seed | Should -Be @(100, 101, 102)
        [Linq.Enumerable]::SequenceEqual($images[0].Pixels.Pixels, $images[1].Pixels.Pixels) | Should -BeFalse
    }

    It 'renders at -Width and -Height, rounded down to multiples of 64' {
        $image = Invoke-Img2Img 'fire' $init -Width 200 -Height 64 -Steps 2 -Strength 0.5 -WarningVariable warnings -WarningAction SilentlyContinue
        "$($image.Width)x$($image.Height)" | Should -Be '192x64'
        $warnings | Should -Match 'multiple of 64'
    }

    It 'shrinks the init image to fit inside -Width x -Height with -Fit' {
        $wide = New-TestPng -Path (Join-Path $TestDrive 'wide.png') -Width 256 -Height 128
        $image = Invoke-Img2Img 'fire' $wide -Width 128 -Height 128 -Fit -Steps 2 -Strength 0.5
        "$($image.Width)x$($image.Height)" | Should -Be '128x64'
        $stretched = Invoke-Img2Img 'fire' $wide -Width 128 -Height 128 -Steps 2 -Strength 0.5
        "$($stretched.Width)x$($stretched.Height)" | Should -Be '128x128'
    }

    It 'shows a batch bar with each render''s steps as its child' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $env:INVOKEAI_TEST_MODULE).AddStatement()
            $null = $ps.AddCommand('Invoke-Img2Img').AddParameter('Prompt', 'fire').AddParameter('InitImage', @($init.FullName, $init.FullName)).
                AddParameter('Steps', 4).AddParameter('Strength', 0.5)
            $null = $ps.Invoke()
            $batch = @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 1 -and $_.RecordType -eq 'Processing' })
            $batch.StatusDescription | Should -Be @('Image 1 (0 rendered)', 'Image 2 (1 rendered)')
            @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 2 }).ParentActivityId | Sort-Object -Unique | Should -Be 1
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Invoke-Img2Img variations' {
    It 'makes -Iterations variants of one seed with -Variation, each reproducible from its pairs' {
        $variants = @(Invoke-Img2Img 'fire' $init -Seed 5 -Variation 0.3 -Iterations 2 -Steps 6 -Strength 0.8)
        $variants.Seed | Should -Be @(5, 5)
        $variants[0].Variations.Count | Should -Be 1
        $variants[0].Variations[0].Weight | Should -Be 0.3
        $variants[0].Variations[0].Seed | Should -Not -Be $variants[1].Variations[0].Seed
        [Linq.Enumerable]::SequenceEqual($variants[0].Pixels.Pixels, $variants[1].Pixels.Pixels) | Should -BeFalse

        $pairs = ($variants[0].Variations | ForEach-Object { "$($_.Seed):$($_.Weight)" }) -join ','
        $again = Invoke-Img2Img 'fire' $init -Seed 5 -WithVariations $pairs -Steps 6 -Strength 0.8
        [Linq.Enumerable]::SequenceEqual($variants[0].Pixels.Pixels, $again.Pixels.Pixels) | Should -BeTrue
    }

    It 'reproduces a variant piped back in, its Variations bound by property name' {
        $variant = Invoke-Img2Img 'fire' $init -Seed 6 -Variation 0.5 -Steps 6 -Strength 0.8
        $again = $variant | Invoke-Img2Img -Prompt 'fire' -InitImage $init -Seed 6 -Steps 6 -Strength 0.8
        [Linq.Enumerable]::SequenceEqual($variant.Pixels.Pixels, $again.Pixels.Pixels) | Should -BeTrue
    }

    It 'refuses a malformed -WithVariations before rendering' {
        $stopped = { Invoke-Img2Img 'fire' $init -WithVariations '12:7' } |
            Should -Throw -ErrorId 'InvalidParameterCombination,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand' -ExpectedMessage '*12:7*' -PassThru
        $stopped.TargetObject | Should -Be 'WithVariations'
        $stopped.Exception.ParamName | Should -Be 'WithVariations'
    }

    It 'fails only the piped object whose Variations are malformed, naming -WithVariations' {
        $rows = [pscustomobject]@{ Prompt = 'fire'; InitImage = $init.FullName; Variations = '12:7' },
                [pscustomobject]@{ Prompt = 'fire'; InitImage = $init.FullName; Variations = '12:0.5' }
        $images = @($rows | Invoke-Img2Img -Steps 2 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'RenderParameterInvalid,InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
        $problems[0].Exception.ParamName | Should -Be 'WithVariations'
        $problems[0].TargetObject | Should -Be $init.FullName -Because 'a failed row is named by the init image it brought'
    }
}
