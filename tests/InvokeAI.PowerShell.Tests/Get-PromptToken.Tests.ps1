BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    $script:reference = Get-Content -Raw (Join-Path $PSScriptRoot '../InvokeAI.Core.Tests/TestData/clip-token-ids.json') | ConvertFrom-Json
}

Describe 'Get-PromptToken' {
    It 'gives the published CLIP ids for "<Prompt>"' -ForEach @(
        @{ Prompt = 'a photo of a cat' }, @{ Prompt = 'hatbox' }, @{ Prompt = 'Hello,   WORLD!' }, @{ Prompt = '' }
    ) {
        $expected = ($reference.cases | Where-Object prompt -eq $Prompt).ids
        $tokens = @(Get-PromptToken $Prompt)
        $tokens.Id | Should -Be $expected
        $tokens.Index | Should -Be (0..($expected.Count - 1))
    }

    It 'shows the text of each piece, whether it ends a word, and its vocabulary entry, start and end included' {
        $tokens = Get-PromptToken 'hatbox'
        $tokens.Text | Should -Be @('<|startoftext|>', 'hat', 'box', '<|endoftext|>')
        $tokens.EndsWord | Should -Be @($false, $false, $true, $false)
        $tokens.Vocabulary | Should -Be @('<|startoftext|>', 'hat', 'box</w>', '<|endoftext|>')
    }

    It 'decodes the vocabulary''s byte spelling: × is ×, not ÃĹ' {
        $times = Get-PromptToken '2×3' | Where-Object Id -eq 16165
        $times.Text | Should -Be '×'
        $times.Vocabulary | Should -Be 'ÃĹ</w>'
        $table = Get-PromptToken '2×3' | Out-String
        $table | Should -Match '(?m)^Part\s+Chunk\s+Index\s+Id\s+Weight\s+EndsWord\s+Text\s*$'
        $table | Should -Match '(?m)^Prompt\s+0\s+2\s+16165\s+1 True\s+×\s*$'
        $table | Should -Not -Match 'ÃĹ'
    }

    It 'takes the Prompt of piped objects by property name: a rendered image, an Import-Csv row' {
        $init = New-TestPng -Path (Join-Path $TestDrive 'init.png')
        $image = Invoke-Img2Img 'blue ocean' $init -Steps 2 -Strength 0.5
        ($image | Get-PromptToken).Text | Should -Be @('<|startoftext|>', 'blue', 'ocean', '<|endoftext|>')
        ([pscustomobject]@{ Prompt = 'fire' } | Get-PromptToken).Text | Should -Be @('<|startoftext|>', 'fire', '<|endoftext|>')
    }

    It 'tokenises the prompt of piped Get-ImageMetadata output, whose ModelName is no model folder' {
        $init = New-TestPng -Path (Join-Path $TestDrive 'meta-init.png')
        $saved = Invoke-Img2Img 'green hill' $init -Steps 2 -Strength 0.5 | Save-Image -Path (Join-Path $TestDrive 'meta.png') -PassThru
        $tokens = @(Get-ImageMetadata $saved.FullName | Get-PromptToken -ErrorVariable problems)
        $problems | Should -BeNullOrEmpty
        $tokens.Text | Should -Be @('<|startoftext|>', 'green', 'hill', '<|endoftext|>')
    }

    It 'reports an object whose Prompt is $null (an imported image) instead of tokenising its ToString(), and goes on' {
        $imported = Import-Image (New-TestPng -Path (Join-Path $TestDrive 'house.png')).FullName
        $tokens = @($imported, 'fire' | Get-PromptToken -ErrorVariable problems -ErrorAction SilentlyContinue)
        $tokens.Text | Should -Be @('<|startoftext|>', 'fire', '<|endoftext|>')
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'PromptMissing,*'
        "$($problems[0])" | Should -BeLike '*has no Prompt*'
    }

    It 'splits a long prompt into chunks of 75 word pieces, each with its own start and end, and cuts nothing' {
        $tokens = @(Get-PromptToken ((@('red') * 100) -join ' ') -WarningVariable warnings)
        $warnings | Should -BeNullOrEmpty
        $tokens.Count | Should -Be 104
        ($tokens | Where-Object Chunk -eq 0).Count | Should -Be 77
        ($tokens | Where-Object Chunk -eq 1).Count | Should -Be 27
        $starts = @($tokens | Where-Object Index -eq 0)
        $starts.Chunk | Should -Be @(0, 1)
        $starts.Text | Should -Be @('<|startoftext|>', '<|startoftext|>')
        ($tokens | Where-Object Id -eq 49407).Chunk | Should -Be @(0, 1)
        @(Get-PromptToken 'fire').Count | Should -Be 3
    }

    It 'shows the weight the syntax gives each token' {
        $tokens = Get-PromptToken 'fire+ ocean-- (snow grass)1.5'
        ($tokens | Where-Object Text -eq 'fire').Weight | Should -Be 1.1
        ($tokens | Where-Object Text -eq 'ocean').Weight | Should -BeGreaterThan 0.8099
        ($tokens | Where-Object Text -eq 'ocean').Weight | Should -BeLessThan 0.8101
        ($tokens | Where-Object Text -in 'snow', 'grass').Weight | Should -Be @(1.5, 1.5)
        ($tokens | Where-Object Id -in 49406, 49407).Weight | Should -Be @(1, 1)
        $table = $tokens | Out-String
        $table | Should -Match '(?m)^Prompt\s+0\s+1\s+1769\s+1.1 True\s+fire\s*$'
        $table | Should -Match '(?m)^Prompt\s+0\s+2\s+4918\s+0.81 True\s+ocean\s*$'
    }

    It 'shows each sub-prompt of a blend apart, with its weight in the blend' {
        foreach ($blend in 'fire:0.8 ocean:0.2', '("fire", "ocean").blend(4, 1)') {
            $tokens = @(Get-PromptToken $blend)
            $tokens.Count | Should -Be 6 -Because $blend
            $fire = $tokens | Where-Object Text -eq 'fire'
            $ocean = $tokens | Where-Object Text -eq 'ocean'
            $fire.SubPrompt, $ocean.SubPrompt | Should -Be @(0, 1)
            $fire.SubPromptWeight | Should -Be 0.8
            $ocean.SubPromptWeight | Should -Be 0.2
            $fire.Part, $ocean.Part | Should -Be @('Prompt 1 ×0.8', 'Prompt 2 ×0.2')
            # Blending weighs whole prompts: the words themselves keep weight 1.
            $fire.Weight | Should -Be 1
        }
    }

    It 'puts [bracketed] words and -NegativePrompt in the negative prompt, after the prompt''s tokens' {
        $tokens = @(Get-PromptToken 'fire [ocean]' -NegativePrompt 'snow')
        $tokens.Text | Should -Be @('<|startoftext|>', 'fire', '<|endoftext|>', '<|startoftext|>', 'ocean', 'snow', '<|endoftext|>')
        $tokens.Role | Should -Be @('Prompt', 'Prompt', 'Prompt', 'Negative', 'Negative', 'Negative', 'Negative')
        ($tokens | Where-Object Role -eq Negative).Part | Should -Be (@('Negative') * 4)
    }

    It 'takes -NegativePrompt and -PromptSyntax by property name, as a Get-ImageMetadata record brings them' {
        $record = [pscustomobject]@{ Prompt = '(fire:1.5)'; NegativePrompt = '[snow]'; PromptSyntax = 'A1111' }
        $tokens = @($record | Get-PromptToken)
        ($tokens | Where-Object Text -eq 'fire').Weight | Should -Be 1.5
        ($tokens | Where-Object Text -eq 'snow').Role | Should -Be 'Negative'
    }

    It 'reads A1111''s syntax with -PromptSyntax A1111: (word:1.5), and [word] as ÷1.1, not a negative prompt' {
        $tokens = @(Get-PromptToken '(fire:1.5) [ocean] BREAK snow' -PromptSyntax A1111)
        ($tokens | Where-Object Text -eq 'fire').Weight | Should -Be 1.5
        $ocean = $tokens | Where-Object Text -eq 'ocean'
        $ocean.Role | Should -Be 'Prompt'
        [math]::Round($ocean.Weight, 4) | Should -Be ([math]::Round(1 / 1.1, 4))
        # BREAK starts a new chunk.
        ($tokens | Where-Object Text -eq 'snow').Chunk | Should -Be 1
        @($tokens | Where-Object Role -eq Negative).Count | Should -Be 0
    }

    It 'reports a prompt its syntax cannot read as PromptSyntaxInvalid, naming the column, and goes on' {
        $tokens = @('fire ocean (dark', 'snow' | Get-PromptToken -ErrorVariable problems -ErrorAction SilentlyContinue)
        $tokens.Text | Should -Be @('<|startoftext|>', 'snow', '<|endoftext|>')
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'PromptSyntaxInvalid,InvokeAI.PowerShell.Commands.GetPromptTokenCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'SyntaxError'
        $problems[0].Exception.Column | Should -Be 12
        "$($problems[0])" | Should -BeLike '*column 12*'
        # An unclosed [ is InvokeAI's error too, but text to ComfyUI, whose square brackets mean nothing.
        Get-PromptToken 'fire [ocean' -ErrorVariable unclosed -ErrorAction SilentlyContinue
        $unclosed[0].Exception.Column | Should -Be 6
        (Get-PromptToken 'fire [ocean' -PromptSyntax ComfyUI).Text | Should -Contain '['
    }

    It 'takes prompts from the pipeline and a session' {
        $session = Open-DiffusionSession
        @('fire', 'snow' | Get-PromptToken -Session $session).Count | Should -Be 6
    }

    It 'names a missing model folder' {
        Get-PromptToken 'fire' -Model (Join-Path $TestDrive 'none') -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'ModelFolderInvalid,InvokeAI.PowerShell.Commands.GetPromptTokenCommand'
    }
}
