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
        $table | Should -Match '(?m)^\s*Index\s+Id\s+EndsWord\s+Text\s*$'
        $table | Should -Match '16165 True\s+×'
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

    It 'warns when a prompt is cut at 77 tokens and leaves the padding out' {
        $tokens = @(Get-PromptToken ((@('red') * 100) -join ' ') -WarningVariable warnings -WarningAction SilentlyContinue)
        $tokens.Count | Should -Be 77
        $tokens[-1].Id | Should -Be 49407
        $warnings | Should -Match '25 token\(s\) at its end are cut'
        @(Get-PromptToken 'fire').Count | Should -Be 3
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
