# What piped objects bind to on the two render cmdlets: files to -LiteralPath (once each, whatever their names),
# strings to -InitImage as wildcard paths, and an object's Prompt, Seed and Strength by property name, with the
# command line (and -Metadata) winning.

BeforeDiscovery {
    $script:renderCmdlets = @(@{ Command = 'Invoke-Img2Img' }, @{ Command = 'Get-LatentSteps' })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    # 1.png and [1].png side by side: as a wildcard, '[1].png' matches 1.png.
    $script:folder = Join-Path $TestDrive 'brackets'
    New-Item -ItemType Directory $folder | Out-Null
    $script:plain = (New-TestPng -Path (Join-Path $folder '1.png')).FullName
    $script:bracketed = (New-TestPng -Path (Join-Path $folder '[1].png') -From 20, 200, 20 -To 240, 240, 240).FullName
    $script:other = (New-TestPng -Path (Join-Path $folder 'a.png')).FullName

    # The outputs of a render cmdlet, one per render: Get-LatentSteps' last image of each render has no Step.
    function Get-Render {
        param([Parameter(ValueFromPipeline)] $Image)
        process { if ($null -eq $Image.Step) { $Image } }
    }

    function ConvertTo-Csv([object[]] $Rows) {
        $path = Join-Path $TestDrive "jobs-$([guid]::NewGuid()).csv"
        $Rows | Export-Csv -Path $path
        $path
    }
}

Describe '<Command>: files and paths from the pipeline' -ForEach $renderCmdlets {
    It 'renders each file from Get-ChildItem exactly once, names with [brackets] included' {
        $renders = @(Get-ChildItem $folder | & $Command 'fire' -Steps 2 -Strength 0.5 | Get-Render)
        @($renders.SourcePath | Sort-Object) | Should -Be @(@($plain, $bracketed, $other) | Sort-Object)
    }

    It 'renders a file piped from Get-Item -LiteralPath as itself' {
        $render = Get-Item -LiteralPath $bracketed | & $Command 'fire' -Steps 2 -Strength 0.5 | Get-Render
        $render.SourcePath | Should -Be $bracketed
    }

    It 'takes -LiteralPath as written, and a string given to -InitImage as a wildcard' {
        (& $Command 'fire' -LiteralPath $bracketed -Steps 2 -Strength 0.5 | Get-Render).SourcePath | Should -Be $bracketed
        (& $Command 'fire' -LP $bracketed -Steps 2 -Strength 0.5 | Get-Render).SourcePath | Should -Be $bracketed
        (& $Command 'fire' -InitImage (Join-Path $folder '[1].pn?') -Steps 2 -Strength 0.5 | Get-Render).SourcePath | Should -Be $plain
    }

    It 'takes a wildcard path that is the exact name of a file as that file only' {
        (& $Command 'fire' -InitImage $bracketed -Steps 2 -Strength 0.5 | Get-Render).SourcePath | Should -Be $bracketed
    }

    It 'takes piped strings as wildcard paths, unless one names a file exactly' {
        $renders = @((Join-Path $folder '?.png'), $bracketed | & $Command 'fire' -Steps 2 -Strength 0.5 | Get-Render)
        $renders.SourcePath | Should -Be @($plain, $other, $bracketed)
    }

    It 'renders the [1].png of a Select-Object FullName, Prompt row, not the 1.png its name matches as a pattern' {
        $rows = @(Get-ChildItem -LiteralPath $bracketed | Select-Object FullName, @{ Name = 'Prompt'; Expression = { 'p' } })
        $renders = @($rows | & $Command -Steps 2 -Strength 0.5 | Get-Render)
        $renders.SourcePath | Should -Be @($bracketed)
    }

    It 'renders the [1].png an Import-Csv row names, not the 1.png its name matches as a pattern' {
        $csv = ConvertTo-Csv @([pscustomobject]@{ Prompt = 'p'; InitImage = $bracketed })
        $renders = @(Import-Csv $csv | & $Command -Steps 2 -Strength 0.5 | Get-Render)
        $renders.SourcePath | Should -Be @($bracketed)
    }

    It 'reports a missing -LiteralPath file and goes on' {
        $renders = @(& $Command 'fire' -LiteralPath (Join-Path $folder 'gone[2].png'), $bracketed -Steps 2 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue | Get-Render)
        $renders.SourcePath | Should -Be @($bracketed)
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InitImageNotFound,*'
        $problems[0].TargetObject | Should -Be (Join-Path $folder 'gone[2].png')
    }

    It 'renders rows of files with a Prompt added, by FullName or as the file itself' {
        $rows = @(Get-ChildItem -LiteralPath $other | Select-Object FullName, @{ Name = 'Prompt'; Expression = { 'red' } })
        $render = $rows | & $Command -Steps 2 -Strength 0.5 | Get-Render
        "$($render.Prompt) $($render.SourcePath)" | Should -Be "red $other"
        # A FileInfo with a Prompt of its own: the file itself, as written, never the pattern its name makes.
        $file = Get-Item -LiteralPath $bracketed | Add-Member -NotePropertyName Prompt -NotePropertyValue 'blue' -PassThru
        $render = $file | & $Command -Steps 2 -Strength 0.5 | Get-Render
        "$($render.Prompt) $($render.SourcePath)" | Should -Be "blue $bracketed"
    }

    It 'renders files with an explicit -Session too' {
        $session = Open-DiffusionSession
        $renders = @(Get-ChildItem -LiteralPath $bracketed | & $Command 'fire' -Session $session -Steps 2 -Strength 0.5 | Get-Render)
        $renders.SourcePath | Should -Be @($bracketed)
    }
}

Describe '<Command>: Get-ImageMetadata output piped in' -ForEach $renderCmdlets {
    BeforeAll {
        $saved = Invoke-Img2Img 'green' $other -Steps 2 -Strength 0.5 -Seed 9 |
            Save-Image -Path (Join-Path $TestDrive "record-to-refuse-$Command.png") -PassThru
        $script:record = Get-ImageMetadata $saved.FullName
    }

    It 'refuses each record with its own error that points to -Metadata, and renders the rest' {
        $renders = @($record, $other, $record | & $Command 'fire' -Steps 2 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue | Get-Render)
        $renders.SourcePath | Should -Be @($other)
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ImageMetadataNotAnInitImage,*'
        "$($problems[0])" | Should -BeLike '*-Metadata*'
        $problems[0].TargetObject | Should -Be $record
    }

    It 'refuses a record that brings its own prompt and model name, rather than failing on the model or rendering its file' {
        $renders = @($record | & $Command -Steps 2 -ErrorVariable problems -ErrorAction SilentlyContinue | Get-Render)
        $renders.Count | Should -Be 0
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ImageMetadataNotAnInitImage,*'
    }

    It 'still renders an Import-Csv row whose columns are all ImageMetadata properties (Path, Prompt)' {
        $csv = ConvertTo-Csv @([pscustomobject]@{ Path = $other; Prompt = 'red' })
        $render = Import-Csv $csv | & $Command -Steps 2 -Strength 0.5 | Get-Render
        "$($render.Prompt) $($render.SourcePath)" | Should -Be "red $other"
    }
}

Describe '<Command>: settings from the piped object' -ForEach $renderCmdlets {
    It 'renders each Import-Csv row with its own Prompt, InitImage, Strength and Seed' {
        $csv = ConvertTo-Csv @(
            [pscustomobject]@{ Prompt = 'red'; InitImage = $other; Strength = '0.5'; Seed = '11' }
            [pscustomobject]@{ Prompt = 'blue'; InitImage = $plain; Strength = '1'; Seed = '12' }
        )
        $renders = @(Import-Csv $csv | & $Command -Steps 4 | Get-Render)
        $renders.Prompt | Should -Be @('red', 'blue')
        $renders.SourcePath | Should -Be @($other, $plain)
        $renders.Strength | Should -Be @(0.5, 1.0)
        $renders.Seed | Should -Be @(11, 12)
        $renders.StepsTaken | Should -Be @(2, 4)
    }

    It 'takes an empty Seed or Strength cell as not given: a random seed, strength 0.75' {
        $csv = ConvertTo-Csv @([pscustomobject]@{ Prompt = 'red'; InitImage = $other; Strength = ''; Seed = '' })
        $render = Import-Csv $csv | & $Command -Steps 4 | Get-Render
        $render.Strength | Should -Be 0.75
        $render.StepsTaken | Should -Be 3
        # A second render of the row gets another seed: neither was 0 from the empty cell.
        $again = Import-Csv $csv | & $Command -Steps 4 | Get-Render
        @($render.Seed, $again.Seed) | Should -Not -Contain 0
        $again.Seed | Should -Not -Be $render.Seed
    }

    It 'lets the command line win over the columns, for every row' {
        $csv = ConvertTo-Csv @(
            [pscustomobject]@{ Prompt = 'red'; InitImage = $other; Strength = '0.5'; Seed = '11' }
            [pscustomobject]@{ Prompt = 'blue'; InitImage = $plain; Strength = '1'; Seed = '12' }
        )
        $renders = @(Import-Csv $csv | & $Command -Prompt 'gold' -Seed 3 -Strength 0.25 -Steps 4 | Get-Render)
        $renders.Prompt | Should -Be @('gold', 'gold')
        $renders.Seed | Should -Be @(3, 3)
        $renders.Strength | Should -Be @(0.25, 0.25)
        $renders.SourcePath | Should -Be @($other, $plain)
    }

    It 'renders a rendered image piped back in with its own prompt, seed and strength' {
        $first = Invoke-Img2Img 'green' $other -Steps 4 -Strength 0.5 -Seed 99
        $again = $first | & $Command -Steps 4 | Get-Render
        $again.Prompt | Should -Be 'green'
        $again.Seed | Should -Be 99
        $again.Strength | Should -Be 0.5
        $given = $first | & $Command -Prompt 'gold' -Seed 5 -Strength 1 -Steps 4 | Get-Render
        "$($given.Prompt) $($given.Seed) $($given.Strength)" | Should -Be 'gold 5 1'
    }

    It 'gives an imported image (no prompt, seed or strength of its own) a random seed and strength 0.75' {
        $render = Import-Image $other | & $Command 'fire' -Steps 4 | Get-Render
        $render.Strength | Should -Be 0.75
        $render.Prompt | Should -Be 'fire'
    }

    It 'stops with PromptMissing when neither the command line nor the piped object has a prompt' {
        { Get-ChildItem -LiteralPath $other | & $Command -Steps 2 } |
            Should -Throw -ErrorId "PromptMissing,InvokeAI.PowerShell.Commands.$($Command -replace '-', '')Command"
        { Import-Image $other | & $Command -Steps 2 } | Should -Throw -ExpectedMessage '*pipe objects that have a Prompt property*'
    }

    It 'takes an empty or blank Prompt cell as not given: PromptMissing for that row alone, the rows around it rendered (<Cell>)' -ForEach @(
        @{ Cell = '' }, @{ Cell = '   ' }
    ) {
        $csv = ConvertTo-Csv @(
            [pscustomobject]@{ Prompt = 'red'; InitImage = $other }
            [pscustomobject]@{ Prompt = $Cell; InitImage = $plain }
            [pscustomobject]@{ Prompt = 'blue'; InitImage = $plain }
        )
        $renders = Import-Csv $csv | & $Command -Steps 2 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue | Get-Render
        $renders.Prompt | Should -Be @('red', 'blue')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "PromptMissing,InvokeAI.PowerShell.Commands.$($Command -replace '-', '')Command"
        $problems[0].Exception.Message | Should -BeLike '*Prompt is empty*'
        $problems[0].TargetObject | Should -Be $plain
        "$($problems[0])" | Should -BeLike "*$plain*"
    }

    It 'fails alone a JSON row whose Prompt is null, after rows that brought theirs' {
        $rows = '[{"Prompt":"red","InitImage":' + ($other | ConvertTo-Json) + '},{"Prompt":null,"InitImage":' + ($plain | ConvertTo-Json) +
            '},{"Prompt":"blue","InitImage":' + ($plain | ConvertTo-Json) + '}]'
        $renders = $rows | ConvertFrom-Json | & $Command -Steps 2 -Strength 0.5 -ErrorVariable problems -ErrorAction SilentlyContinue | Get-Render
        $renders.Prompt | Should -Be @('red', 'blue')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "PromptMissing,InvokeAI.PowerShell.Commands.$($Command -replace '-', '')Command"
    }

    It 'reports a Strength or Seed cell that is not a number for that row alone, naming the value' {
        $csv = ConvertTo-Csv @(
            [pscustomobject]@{ Prompt = 'red'; InitImage = $other; Strength = 'abc'; Seed = '' }
            [pscustomobject]@{ Prompt = 'red'; InitImage = $other; Strength = ''; Seed = '12abc' }
            [pscustomobject]@{ Prompt = 'blue'; InitImage = $plain; Strength = '0.5'; Seed = '7' }
        )
        $renders = Import-Csv $csv | & $Command -Steps 2 -ErrorVariable problems -ErrorAction SilentlyContinue | Get-Render
        $renders.Prompt | Should -Be @('blue')
        $renders.Seed | Should -Be 7
        $problems.Count | Should -Be 2
        $problems.FullyQualifiedErrorId | Should -Be (@("ParameterArgumentTransformationError,InvokeAI.PowerShell.Commands.$($Command -replace '-', '')Command") * 2)
        $problems[0].Exception.Message | Should -BeLike "*Strength 'abc' is not a number*"
        $problems[1].Exception.Message | Should -BeLike "*Seed '12abc' is not a whole number*"
    }

    It 'renders an empty -Prompt given on the command line, for a row without a prompt too' {
        $csv = ConvertTo-Csv @([pscustomobject]@{ Prompt = ''; InitImage = $other })
        $render = Import-Csv $csv | & $Command -Prompt '' -Steps 2 -Strength 0.5 | Get-Render
        $render.Prompt | Should -Be ''
        $render.SourcePath | Should -Be $other
    }

    It 'lets -Metadata win over the piped object''s own settings' {
        $recorded = Invoke-Img2Img 'gold' $other -Steps 4 -Strength 0.5 -Seed 42 |
            Save-Image -Path (Join-Path $TestDrive "metadata-piped-$Command.png") -PassThru
        $piped = Invoke-Img2Img 'silver' $plain -Steps 4 -Strength 1 -Seed 5
        $render = $piped | & $Command -Metadata (Get-ImageMetadata $recorded.FullName) | Get-Render
        "$($render.Prompt) $($render.Seed) $($render.Strength)" | Should -Be 'gold 42 0.5'
        $render.SourcePath | Should -Be $plain
    }

    It 'fails only the row whose Strength is out of range or takes no step, and renders the others' {
        $rows = @(
            [pscustomobject]@{ Prompt = 'a'; InitImage = $other; Strength = 3 }
            [pscustomobject]@{ Prompt = 'b'; InitImage = $other; Strength = 0.1 }
            [pscustomobject]@{ Prompt = 'c'; InitImage = $other; Strength = 0.5 }
        )
        $renders = @($rows | & $Command -Steps 4 -ErrorVariable problems -ErrorAction SilentlyContinue | Get-Render)
        $renders.Prompt | Should -Be @('c')
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        $problems[1].FullyQualifiedErrorId | Should -BeLike 'RenderParameterInvalid,*'
        $problems[1].Exception.Message | Should -Match 'strength 0\.1 take no denoising step'
    }

    It 'stops before rendering when the default strength cannot take a step with -Steps' {
        { Get-ChildItem -LiteralPath $other | & $Command 'fire' -Steps 1 } |
            Should -Throw -ErrorId "InvalidParameterCombination,InvokeAI.PowerShell.Commands.$($Command -replace '-', '')Command"
    }

    It 'does not bind anything of a FileInfo or a string but the path' {
        $render = Get-Item -LiteralPath $other | & $Command 'fire' -Steps 4 | Get-Render
        $render.Strength | Should -Be 0.75
        $render = $other | & $Command 'fire' -Steps 4 | Get-Render
        $render.Strength | Should -Be 0.75
        $render.Prompt | Should -Be 'fire'
    }
}
