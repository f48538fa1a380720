# examples/Render-Farm.ps1 over local jobs standing in for hosts (-LocalWorkers): the same worker script block and
# the same controller as over remoting, without a network. Judged by the files it writes, their pixels, the
# summary it outputs, its warnings and errors, and $LASTEXITCODE.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:scriptPath = (Resolve-Path (Join-Path $PSScriptRoot '../../examples/Render-Farm.ps1')).ProviderPath
    # Tiny renders: 64×64, one denoising step of two.
    $script:settings = @{ Prompt = 'fire'; Strength = 0.5; Steps = 2; ThreadCount = 1 }

    function New-InputFolder([string] $Path, [string[]] $Names) {
        New-Item -ItemType Directory -Path $Path -Force | Out-Null
        $shade = 0
        foreach ($name in $Names) {
            $shade += 30
            New-TestPng -Path (Join-Path $Path $name) -From ([byte]$shade), 40, 40 -To 40, ([byte](250 - $shade)), 200 | Out-Null
        }
        $Path
    }
}

Describe 'Render-Farm.ps1 over three local workers, one of which fails' {
    BeforeAll {
        $script:names = 'a.png', 'b.png', 'c.png', 'd.png', 'e.png', 'f.png'
        $script:folder = New-InputFolder (Join-Path $TestDrive 'in') $names
        $script:destination = Join-Path $TestDrive 'out'
        $script:summary = & $scriptPath -Path $folder -Destination $destination @settings -Seed 11 -LocalWorkers 3 -FailWorker Local2 `
            -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable problems
        $script:exitCode = $LASTEXITCODE
        $script:warnings = $warnings
        $script:problems = $problems
    }

    It 'renders every image exactly once, named after the input and the seed, and exits 0' {
        $exitCode | Should -Be 0
        $problems | Should -BeNullOrEmpty
        (Get-ChildItem $destination -Force).Name | Sort-Object | Should -Be @('a-11.png', 'b-11.png', 'c-11.png', 'd-11.png', 'e-11.png', 'f-11.png')
    }

    It 'writes the render of each input, as rendering it here gives it, with its parameters in the file' {
        foreach ($name in $names) {
            $input_ = Join-Path $folder $name
            $stem = [IO.Path]::GetFileNameWithoutExtension($name)
            $written = Join-Path $destination "$stem-11.png"
            $here = Invoke-Img2Img -InitImage $input_ -Prompt fire -Strength 0.5 -Steps 2 -Seed 11
            [Linq.Enumerable]::SequenceEqual((Import-Image $written).Pixels.Pixels, $here.Pixels.Pixels) | Should -BeTrue -Because "$name's render is its own"
            $metadata = Get-ImageMetadata $written
            $metadata.Seed | Should -Be 11
            $metadata.Prompt | Should -Be 'fire'
        }
    }

    It "retries the failed worker's jobs on the other workers, and the summary says so" {
        $summary.Items | Should -Be 6
        $summary.Rendered | Should -Be 6
        $summary.Failed | Should -Be 0
        # Round-robin gave Local2 the second and fifth jobs; they went to the others.
        $summary.Retried | Should -Be 2
        $retried = @($summary.Jobs | Where-Object Attempts -EQ 2)
        $retried.Input | Split-Path -Leaf | Should -Be @('b.png', 'e.png')
        foreach ($job in $retried) {
            $job.Status | Should -Be 'Rendered'
            $job.Worker | Should -BeIn @('Local1', 'Local3')
            @($job.Errors).Count | Should -Be 1
            $job.Errors[0] | Should -BeLike "Local2: the worker failed before rendering it: Worker 'Local2' failed on purpose (-FailWorker)*"
        }
        @($summary.Jobs | Where-Object Attempts -EQ 1).Worker | Should -Not -Contain 'Local2'
        $local2 = $summary.Workers | Where-Object Worker -EQ Local2
        $local2.Rendered | Should -Be 0
        $local2.Error | Should -BeLike "*failed on purpose (-FailWorker)*"
        ($summary.Workers | Measure-Object Rendered -Sum).Sum | Should -Be 6
        @($summary.Workers | Where-Object Worker -NE Local2).Error | Should -Be @($null, $null)
    }

    It 'warns about the failed worker and each job it took, naming the job and the worker' {
        $text = @($warnings | ForEach-Object Message)
        @($text -like 'Worker Local2 failed:*').Count | Should -Be 1
        @($text -like "Job 2 (*b.png) failed on Local2: *Retrying it on another worker.").Count | Should -Be 1
        @($text -like "Job 5 (*e.png) failed on Local2: *Retrying it on another worker.").Count | Should -Be 1
    }

    It 'leaves no temporary files in the destination, and closes the sessions the workers opened' {
        @(Get-ChildItem $destination -Force -Filter '*.tmp').Count | Should -Be 0
        @(Get-DiffusionSession | Where-Object DeviceId -In 1, 2, 3).Count | Should -Be 0
    }
}

Describe 'Render-Farm.ps1 with a job that fails everywhere' {
    BeforeAll {
        $script:folder = New-InputFolder (Join-Path $TestDrive 'bad-in') 'good.png'
        Set-Content (Join-Path $folder 'broken.png') 'not an image'
        $script:destination = Join-Path $TestDrive 'bad-out'
        $script:summary = & $scriptPath -Path $folder -Destination $destination @settings -Seed 3 -LocalWorkers 2 `
            -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable problems -ErrorAction SilentlyContinue
        $script:exitCode = $LASTEXITCODE
        $script:warnings = $warnings
        $script:problems = $problems
    }

    It 'tries it on a second worker, then reports it failed and exits 1' {
        $exitCode | Should -Be 1
        $summary.Rendered | Should -Be 1
        $summary.Failed | Should -Be 1
        $job = $summary.Jobs | Where-Object { $_.Input -like '*broken.png' }
        $job.Status | Should -Be 'Failed'
        $job.Attempts | Should -Be 2
        @($job.Errors).Count | Should -Be 2
        ($job.Errors -replace ':.*') | Sort-Object | Should -Be @('Local1', 'Local2')
        # The error names the input the controller sent, not the worker's copy of it.
        foreach ($message in $job.Errors) { $message | Should -BeLike "Local?: InitImageUnreadable: '$(Join-Path $folder 'broken.png')' is not a readable image*" }
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RenderFarmJobFailed*'
        $problems[0].Exception.Message | Should -BeLike 'Job 1 (*broken.png) failed: Local?: InitImageUnreadable*'
    }

    It 'keeps the worker that failed a job: a bad input is not a bad host' {
        $summary.Workers.Error | Should -Be @($null, $null)
        (Get-ChildItem $destination).Name | Should -Be 'good-3.png'
    }
}

Describe 'Render-Farm.ps1 when no worker can load the module' {
    It 'fails every job, naming each worker and what it failed with, and exits 1' {
        $folder = New-InputFolder (Join-Path $TestDrive 'nomodule-in') 'a.png', 'b.png'
        $destination = Join-Path $TestDrive 'nomodule-out'
        $missing = Join-Path $TestDrive 'no-such-module'
        $summary = & $scriptPath -Path $folder -Destination $destination @settings -LocalWorkers 2 -ModulePath $missing `
            -WarningAction SilentlyContinue -ErrorVariable problems -ErrorAction SilentlyContinue
        $LASTEXITCODE | Should -Be 1
        $summary.Rendered | Should -Be 0
        $summary.Failed | Should -Be 2
        foreach ($worker in $summary.Workers) { $worker.Error | Should -BeLike "*$missing*" }
        foreach ($job in $summary.Jobs) {
            $job.Status | Should -Be 'Failed'
            # Its worker failed, and the only other one had failed too: nothing was left to try it on.
            $job.Attempts | Should -Be 1
            $job.Errors[0] | Should -BeLike 'Local?: the worker failed before rendering it: *'
            $job.Errors[-1] | Should -Be 'No other worker was left to try it on.'
        }
        @($problems).Count | Should -Be 2
        @(Get-ChildItem $destination -ErrorAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'Render-Farm.ps1 from a CSV file of jobs, in worker processes' {
    BeforeAll {
        $script:one = New-InputFolder (Join-Path $TestDrive 'csv/one') 'house.png'
        $script:two = New-InputFolder (Join-Path $TestDrive 'csv/two') 'x.png'
        Move-Item (Join-Path $two 'x.png') (Join-Path $two 'house.png')
        $script:destination = New-Item -ItemType Directory (Join-Path $TestDrive 'csv-out') | Select-Object -ExpandProperty FullName
        Set-Content (Join-Path $destination 'house-5.png') 'an earlier file, not to be overwritten'
        $script:csv = Join-Path $TestDrive 'jobs.csv'
        @(
            'InitImage,Prompt,Seed,Notes'
            "$(Join-Path $one 'house.png'),fire,5,columns Invoke-Img2Img does not bind are ignored"
            "$(Join-Path $two 'house.png'),snow,5,"
            "$(Join-Path $one 'house.png'),blue sky,5,"
        ) | Set-Content $csv
        # Process jobs: jobs and results are serialized across a process boundary, as between machines.
        $script:summary = & $scriptPath -JobsCsv $csv -Destination $destination -Strength 0.5 -Steps 2 -ThreadCount 1 -LocalWorkers 2 -LocalJobType Process `
            -WarningVariable warnings -ErrorVariable problems
        $script:exitCode = $LASTEXITCODE
        $script:problems = $problems
    }

    It 'names every render apart, never over an existing file, even for inputs of the same name and seed' {
        $exitCode | Should -Be 0
        $problems | Should -BeNullOrEmpty
        (Get-ChildItem $destination).Name | Sort-Object | Should -Be @('house-5-2.png', 'house-5-3.png', 'house-5-4.png', 'house-5.png')
        Get-Content (Join-Path $destination 'house-5.png') | Should -Be 'an earlier file, not to be overwritten'
        @($summary.Jobs.Output | Sort-Object -Unique).Count | Should -Be 3
    }

    It "renders each row with its own cells" {
        foreach ($job in $summary.Jobs) {
            $metadata = Get-ImageMetadata $job.Output
            $metadata.Prompt | Should -Be @{ 1 = 'fire'; 2 = 'snow'; 3 = 'blue sky' }[[int]$job.Id]
            $metadata.Seed | Should -Be 5
            $metadata.Strength | Should -Be 0.5
            $here = Invoke-Img2Img -InitImage $job.Input -Prompt $metadata.Prompt -Strength 0.5 -Steps 2 -Seed 5
            [Linq.Enumerable]::SequenceEqual((Import-Image $job.Output).Pixels.Pixels, $here.Pixels.Pixels) | Should -BeTrue -Because "job $($job.Id) renders its own input"
        }
    }
}

Describe 'Render-Farm.ps1 over remote hosts' {
    It 'gives each host its share with Invoke-Command -AsJob, SSH by -HostName and WinRM by -ComputerName on PowerShell 7' {
        # No network here: Invoke-Command starts the worker in a pwsh process of its own instead, as a host would run it.
        Mock Invoke-Command { Start-Job -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList }
        $folder = New-InputFolder (Join-Path $TestDrive 'remote-in') 'a.png', 'b.png', 'c.png'
        $ssh = & $scriptPath -Path $folder -Destination (Join-Path $TestDrive 'remote-ssh') @settings -Seed 4 -HostName 'render1', 'me@render2' `
            -ModulePath $env:INVOKEAI_TEST_MODULE
        $LASTEXITCODE | Should -Be 0
        $ssh.Rendered | Should -Be 3
        ($ssh.Jobs | Sort-Object Id).Worker | Should -Be @('render1', 'me@render2', 'render1')
        Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter { $HostName -eq 'render1' -and $AsJob }
        Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter { $HostName -eq 'me@render2' -and $AsJob }
        (Get-ChildItem (Join-Path $TestDrive 'remote-ssh')).Name | Sort-Object | Should -Be @('a-4.png', 'b-4.png', 'c-4.png')

        $winrm = & $scriptPath -Path $folder -Destination (Join-Path $TestDrive 'remote-winrm') @settings -Seed 4 -ComputerName 'render3' `
            -ModulePath $env:INVOKEAI_TEST_MODULE
        $winrm.Rendered | Should -Be 3
        Should -Invoke Invoke-Command -Times 1 -Exactly -ParameterFilter { $ComputerName -eq 'render3' -and $ConfigurationName -eq 'PowerShell.7' -and $AsJob }
    }
}

Describe 'Render-Farm.ps1 -WhatIf' {
    It 'shows which worker would render each input and renders nothing' {
        $folder = New-InputFolder (Join-Path $TestDrive 'whatif') 'a.png', 'b.png', 'c.png'
        $destination = Join-Path $TestDrive 'whatif-out'
        # What if: lines go to the host, so the script runs in a pwsh of its own whose output is read.
        $run = Invoke-ChildPwsh -File $scriptPath -Arguments '-Path', $folder, '-Destination', $destination, '-Prompt', 'fire', '-LocalWorkers', '2', '-WhatIf'
        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $lines = @($run.Output -like 'What if:*')
        $lines.Count | Should -Be 3
        $lines[0] | Should -BeLike 'What if: *"Render on Local1 into*" on target "*a.png".'
        $lines[1] | Should -BeLike 'What if: *"Render on Local2 into*" on target "*b.png".'
        Test-Path $destination | Should -BeFalse
    }

    It 'refuses a run without workers, with two kinds of them, or into a file' {
        { & $scriptPath -Path $TestDrive -Destination (Join-Path $TestDrive 'none') -Prompt fire } | Should -Throw '*one of -LocalWorkers, -ComputerName, -HostName or -Session*'
        { & $scriptPath -Path $TestDrive -Destination (Join-Path $TestDrive 'none') -Prompt fire -LocalWorkers 1 -ComputerName a } | Should -Throw '*one of -LocalWorkers*'
        $file = New-Item (Join-Path $TestDrive 'a-file') -Value 'not a folder'
        $folder = New-InputFolder (Join-Path $TestDrive 'to-a-file') 'a.png'
        { & $scriptPath -Path $folder -Destination $file.FullName -Prompt fire -LocalWorkers 1 } | Should -Throw "*'$($file.FullName)' is a file, not a folder."
    }
}
