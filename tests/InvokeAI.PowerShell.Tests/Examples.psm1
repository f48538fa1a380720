# Finds the examples the documentation shows and runs them as written: cmdlet help examples, about_InvokeAI's
# PS> transcripts, README.md's blocks and the example scripts' own help. Each example becomes a case: a folder
# to run in and one or more steps (code, and the errors the documentation shows it writing). Invoke-ExampleCase
# runs every case in one child pwsh (ExampleRunner.ps1); Get-ExampleProblem compares what happened with what
# the documentation shows.

Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

# "Save-Image: '/home/me/x.png' is outside ...": how PowerShell shows an error (ConciseView), and so how an
# example shows the error it means to make.
$ShownErrorPattern = '^(?<command>[A-Za-z]+-[A-Za-z0-9]+): (?<message>.+)$'

function New-ExampleCase {
    param([string] $Name, [object[]] $Steps, [string[]] $Prelude = @())
    [pscustomobject]@{ Name = $Name; Steps = @($Steps); Prelude = @($Prelude); Directory = $null }
}

function New-ExampleStep {
    param([string] $Code, [string[]] $ShownOutput = @())
    [pscustomobject]@{ Code = $Code; ExpectedErrors = @(Get-ShownError $ShownOutput) }
}

function Get-ShownError {
    # The errors an example's shown output holds: a line as PowerShell shows an error, with the lines that
    # continue it (a long message wrapped in a README) up to a blank line.
    param([string[]] $Lines)
    $errors = [System.Collections.Generic.List[object]]::new()
    $current = $null
    foreach ($line in $Lines) {
        if ($line -match $ShownErrorPattern) {
            $current = [pscustomobject]@{ Command = $Matches.command; Message = $Matches.message.Trim() }
            $errors.Add($current)
        }
        elseif ($current -and $line.Trim()) { $current.Message += ' ' + $line.Trim() }
        else { $current = $null }
    }
    $errors
}

function Split-ExampleCode {
    # A help example's code is its commands; what they print may follow after the first blank line.
    param([string] $Text)
    $lines = @(($Text -replace "`r`n", "`n").Trim("`n") -split "`n")
    $blank = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($line) -not $line.Trim() })
    if ($blank -lt 0) { return [pscustomobject]@{ Code = $lines -join "`n"; Shown = @() } }
    [pscustomobject]@{ Code = $lines[0..($blank - 1)] -join "`n"; Shown = @($lines | Select-Object -Skip ($blank + 1)) }
}

function ConvertFrom-Transcript {
    # Steps from a PS> transcript: each "PS> " line starts a command, ">> " lines continue it, and the lines
    # up to the next command are what it printed.
    param([string[]] $Lines)
    $steps = [System.Collections.Generic.List[object]]::new()
    $code = $null
    $shown = [System.Collections.Generic.List[string]]::new()
    $inCommand = $false
    foreach ($line in $Lines) {
        $text = $line.TrimStart()
        if ($text -match '^PS>( |$)') {
            if ($null -ne $code) { $steps.Add((New-ExampleStep $code $shown)) }
            $code = $text.Substring(3).TrimStart()
            $shown = [System.Collections.Generic.List[string]]::new()
            $inCommand = $true
        }
        elseif ($inCommand -and $text -match '^>>( |$)') { $code += "`n" + ($text -replace '^>> ?', '') }
        elseif ($null -ne $code) {
            $inCommand = $false
            $shown.Add($text)
        }
    }
    if ($null -ne $code) { $steps.Add((New-ExampleStep $code $shown)) }
    $steps
}

function Get-CmdletHelpExample {
    # One case per example of every cmdlet the module exports, read back through Get-Help as a user reads it.
    param([string] $Module)
    foreach ($command in Get-Command -Module $Module -CommandType Cmdlet | Sort-Object Name) {
        $number = 0
        foreach ($example in @((Get-Help $command.Name -Full).Examples.Example)) {
            $number++
            $title = ($example.Title -replace '^-+\s*|\s*-+$') -replace '^Example \d+:\s*'
            $split = Split-ExampleCode $example.Code
            New-ExampleCase "$($command.Name) example $($number): $title" @(New-ExampleStep $split.Code $split.Shown)
        }
    }
}

function Get-AboutTopicExample {
    # about_InvokeAI's examples are PS> transcripts, each in a block indented deeper than the prose. The topic
    # runs its first example (which sets $sketches) before the others, as a reader's session does.
    param([string] $Path)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $section = ''
    $block = $null
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($line -match '^[A-Z][A-Z0-9 ]+$') { $section = $line.Trim() }
        $indent = $line.Length - $line.TrimStart().Length
        if ($line.TrimStart().StartsWith('PS>') -and -not $block) {
            $block = [pscustomobject]@{ Section = $section; Lines = [System.Collections.Generic.List[string]]::new(); Indent = $indent }
            $blocks.Add($block)
        }
        elseif ($block -and $line.Trim() -and $indent -lt $block.Indent) { $block = $null }
        if ($block) { $block.Lines.Add($line) }
    }
    if ($blocks.Count -eq 0) { return }
    $prelude = @(ConvertFrom-Transcript $blocks[0].Lines | ForEach-Object Code)
    $number = 0
    foreach ($block in $blocks) {
        $number++
        $steps = @(ConvertFrom-Transcript $block.Lines)
        $first = ($steps[0].Code -split "`n")[0] -replace '\s*`$'
        New-ExampleCase "about_InvokeAI example $number ($($block.Section)): $first" $steps -Prelude $(if ($number -gt 1) { $prelude })
    }
}

function Get-ReadmeExample {
    # README.md's ```powershell blocks and PS> transcripts, each a case run from the repository root. The
    # sections that install or build the module are instructions for a shell, not examples of the module.
    param([string] $Path, [string[]] $SkipSections = @('Install*', 'Building*'))
    $section = ''
    $fence = $null
    $lines = $null
    $number = 0
    foreach ($line in Get-Content -LiteralPath $Path) {
        if (-not $fence -and $line -match '^#+\s+(.+)$') { $section = $Matches[1].Trim(); continue }
        if (-not $fence -and $line -match '^```(\w*)\s*$') {
            $fence = if ($Matches[1]) { $Matches[1] } else { 'plain' }
            $lines = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($fence -and $line -match '^```\s*$') {
            $kind = $fence
            $fence = $null
            if (@($SkipSections | Where-Object { $section -like $_ }).Count) { continue }
            $steps = if ($kind -eq 'powershell') { @(New-ExampleStep ($lines -join "`n")) }
            elseif ($kind -eq 'plain' -and @($lines | Where-Object { $_ -match '^PS>( |$)' }).Count) { @(ConvertFrom-Transcript $lines) }
            if (-not $steps) { continue }
            $number++
            $first = ($steps[0].Code -split "`n")[0] -replace '\s*`$'
            New-ExampleCase "README example $number ($section): $first" $steps
            continue
        }
        if ($fence) { $lines.Add($line) }
    }
}

function Get-ScriptHelpExample {
    # The examples in an example script's comment-based help, as Get-Help reads them.
    param([string] $Path)
    $number = 0
    foreach ($example in @((Get-Help $Path -Full).Examples.Example)) {
        $number++
        $split = Split-ExampleCode $example.Code
        New-ExampleCase "$(Split-Path -Leaf $Path) example $number" @(New-ExampleStep $split.Code $split.Shown)
    }
}

function Get-ModuleExample {
    # What a user of the installed module reads: every cmdlet's help examples and about_InvokeAI's.
    param([string] $Module)
    Get-CmdletHelpExample -Module $Module
    Get-AboutTopicExample (Join-Path (Get-Module $Module).ModuleBase 'en-US/about_InvokeAI.help.txt')
}

function Get-RepositoryExample {
    # What a reader of the repository runs from its root: README.md's examples and the example scripts' help.
    param([string] $RepositoryRoot)
    # Not PowerShell run from the repository root: a crontab line, a Windows Task Scheduler registration, and a
    # render over remote hosts that are not there.
    $notRunnable = 'Scheduled-Render.ps1 example 2', 'Scheduled-Render.ps1 example 3', 'Render-Farm.ps1 example 3'
    Get-ReadmeExample (Join-Path $RepositoryRoot 'README.md')
    Get-ChildItem (Join-Path $RepositoryRoot 'examples/*.ps1') | Sort-Object Name | ForEach-Object { Get-ScriptHelpExample $_.FullName } |
        Where-Object Name -NotIn $notRunnable
}

function New-RepositoryStage {
    # What a README example sees at the repository root: a copy of examples/ and of .config/ (the dotnet tool
    # manifest, for `dotnet pwsh`), and out/InvokeAI.PowerShell as a link to the module under test (linked, not
    # copied: it holds ONNX Runtime's large native libraries).
    param([string] $Path, [string] $RepositoryRoot, [string] $ModulePath)
    New-Item -ItemType Directory -Path (Join-Path $Path 'out') -Force | Out-Null
    foreach ($folder in 'examples', '.config') {
        Copy-Item -LiteralPath (Join-Path $RepositoryRoot $folder) -Destination $Path -Recurse
    }
    $linkType = if ($IsWindows) { 'Junction' } else { 'SymbolicLink' }
    New-Item -ItemType $linkType -Path (Join-Path $Path 'out/InvokeAI.PowerShell') -Target $ModulePath | Out-Null
}

function Invoke-ExampleCase {
    <#
    Runs the cases in one child pwsh, each in a fresh runspace with the module imported and its Directory as the
    location, and returns the results keyed by case name. Every case needs its Directory set.
    #>
    param([object[]] $Case, [string] $ModulePath, [string] $WorkDirectory)
    $casePath = Join-Path $WorkDirectory 'example-cases.json'
    $resultPath = Join-Path $WorkDirectory 'example-results.json'
    ConvertTo-Json -InputObject @($Case) -Depth 6 | Set-Content -LiteralPath $casePath -Encoding utf8
    $pwsh = @(Get-ChildPwsh)
    $prefix = @($pwsh | Select-Object -Skip 1)
    $runner = Join-Path $PSScriptRoot 'ExampleRunner.ps1'
    $log = & $pwsh[0] @prefix -NoProfile -NonInteractive -File $runner -CasePath $casePath -ResultPath $resultPath -ModulePath $ModulePath 2>&1
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $resultPath)) {
        throw "The example runner failed (exit code $LASTEXITCODE):`n$($log | Out-String)"
    }
    $results = @{}
    foreach ($result in @(Get-Content -Raw -LiteralPath $resultPath | ConvertFrom-Json)) { $results[$result.Name] = $result }
    $results
}

function ConvertTo-MessagePattern {
    # A shown error message as a pattern: the paths it quotes are examples ('/home/me/renders', '/…/renders'),
    # so only their last part must match; spacing may differ where a README wraps the line.
    param([string] $Message)
    $parts = [regex]::Split($Message, "('[^']*')")
    $pattern = foreach ($part in $parts) {
        if ($part -match "^'.*[/\\…].*'$") { "'[^']*" + [regex]::Escape(($part.Trim("'") -split '[/\\…]')[-1]) + "'" }
        else { [regex]::Escape($part) -replace '(\\ )+', '\s+' }
    }
    '^' + ($pattern -join '') + '$'
}

function Test-ShownError {
    # Whether an error that was made is the one the documentation shows: same command, same message.
    param($Shown, $Made)
    $Made.Command -eq $Shown.Command -and ($Made.Message -replace '\s+', ' ').Trim() -match (ConvertTo-MessagePattern $Shown.Message)
}

function Get-ExampleProblem {
    # What keeps a case from running as its documentation shows: an error it does not show, an error it shows
    # that did not happen, an exception, or a runner failure. Nothing when it ran as shown.
    param($Case, $Result)
    if (-not $Result) { return "It did not run: the runner has no result for it." }
    for ($i = 0; $i -lt $Case.Steps.Count; $i++) {
        $step = $Case.Steps[$i]
        $ran = @($Result.Steps)[$i]
        $where = if ($Case.Steps.Count -gt 1) { "Command $($i + 1), $($step.Code -split "`n" | Select-Object -First 1)" } else { 'It' }
        if (-not $ran) { "$where did not run."; continue }
        $errors = @($ran.Errors)
        $expected = @($step.ExpectedErrors)
        foreach ($made in $errors) {
            if (-not @($expected | Where-Object { Test-ShownError $_ $made }).Count) {
                "$where wrote an error the documentation does not show: $($made.Command): $($made.Message) [$($made.Id)]$($made.Position)"
            }
        }
        foreach ($shown in $expected) {
            if (-not @($errors | Where-Object { Test-ShownError $shown $_ }).Count) {
                "$where did not write the error the documentation shows: $($shown.Command): $($shown.Message)"
            }
        }
    }
    if ($Result.Failure) { "The runner: $($Result.Failure)" }
}

Export-ModuleMember -Function Get-ModuleExample, Get-RepositoryExample, New-RepositoryStage, Invoke-ExampleCase, Get-ExampleProblem
