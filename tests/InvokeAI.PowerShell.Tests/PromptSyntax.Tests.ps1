# The prompt language: weights, blends, inline negatives and long prompts change the render; -PromptSyntax picks
# whose rules apply, malformed prompts fail with their column, and records keep the syntax they were written in.
# The demo UNet recolours the init image toward the prompt's colour words, so mean colours show what was read.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-BuiltModule
    # Mid-grey, so a pull toward fire (red) or ocean (blue) shows in the channel means.
    $script:init = New-TestPng -Path (Join-Path $TestDrive 'grey.png') -From 128, 128, 128 -To 128, 128, 128

    function Invoke-Render([string] $Prompt, [hashtable] $Options = @{}) {
        Invoke-Img2Img $Prompt $init -Seed 7 -Steps 4 -Strength 0.75 @Options
    }

    function Get-PixelHash($Image) {
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([byte[]]$Image.Pixels.Pixels))
    }

    # Mean colour of -Image minus that of -Baseline, per channel.
    function Get-ColourShift($Image, $Baseline) {
        $a = Get-MeanColour $Image; $b = Get-MeanColour $Baseline
        [pscustomobject]@{ R = $a.R - $b.R; G = $a.G - $b.G; B = $a.B - $b.B }
    }

    # A command's output and its -Verbose messages, apart.
    function Split-Verbose([scriptblock] $Command) {
        $all = @(& $Command 4>&1)
        [pscustomobject]@{
            Output  = @($all | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] })
            Verbose = @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        }
    }

    $script:img2img = 'InvokeAI.PowerShell.Commands.InvokeImg2ImgCommand'
}

Describe 'Prompt syntax in renders' {
    It 'weights words: (fire)1.8 pulls toward red where (fire)1 changes nothing' {
        $plain = Invoke-Render 'fire and ocean'
        $weighted = Invoke-Render '(fire)1.8 and ocean'
        $shift = Get-ColourShift $weighted $plain
        $shift.R | Should -BeGreaterThan 4
        $shift.B | Should -BeLessThan -2
        # A weight of 1 is plain text: the same tokens, the same pixels.
        Get-PixelHash (Invoke-Render '(fire)1 and ocean') | Should -Be (Get-PixelHash $plain)
    }

    It 'blends prompts by their weights: fire:0.8 ocean:0.2 is redder than fire ocean, fire:0.2 ocean:0.8 bluer' {
        $plain = Invoke-Render 'fire ocean'
        $fiery = Get-ColourShift (Invoke-Render 'fire:0.8 ocean:0.2') $plain
        $fiery.R | Should -BeGreaterThan 8
        $fiery.B | Should -BeLessThan -5
        $watery = Get-ColourShift (Invoke-Render 'fire:0.2 ocean:0.8') $plain
        $watery.R | Should -BeLessThan -8
        $watery.B | Should -BeGreaterThan 5
    }

    It 'takes [bracketed] words as the negative prompt, at the default CFG scale' {
        $plain = Invoke-Render 'fire'
        $negative = Invoke-Render 'fire [ocean]'
        $shift = Get-ColourShift $negative $plain
        # Steering away from ocean's blue leaves more red, not a bluer image as a positive "ocean" would.
        $shift.R | Should -BeGreaterThan 8
        $shift.B | Should -BeLessThan -4
        $negative.Prompt | Should -Be 'fire [ocean]'
        Get-PixelHash $negative | Should -Be (Get-PixelHash (Invoke-Render 'fire' @{ NegativePrompt = 'ocean' }))
    }

    It 'renders every chunk of a 200-token prompt: a colour word after token 150 still counts' {
        $first75 = (@('a') * 75) -join ' '
        $long = ((@('a') * 160) -join ' ') + ' ocean ' + ((@('a') * 39) -join ' ')
        @(Get-PromptToken $long | Where-Object Index -gt 0 | Where-Object Id -ne 49407).Count | Should -Be 200
        $run = Split-Verbose { Invoke-Render $long @{ Verbose = $true } }
        $run.Verbose | Should -Contain 'Conditioning: 3 chunks of 77 tokens, end to end.'
        $shift = Get-ColourShift $run.Output[0] (Invoke-Render $first75)
        # Only "ocean", in the third chunk, has a colour: cut at 75 tokens the render would be the same.
        $shift.R | Should -BeLessThan -10
        $shift.B | Should -BeGreaterThan 5
    }

    It 'says on -Verbose how the prompt was read' {
        (Split-Verbose { Invoke-Render 'fire+ and ocean' @{ Verbose = $true } }).Verbose |
            Should -Contain 'Prompt (InvokeAI syntax): "(fire:1.1) and ocean"'
        (Split-Verbose { Invoke-Render 'fire [ocean]' @{ Verbose = $true } }).Verbose |
            Should -Contain 'Prompt (InvokeAI syntax): "fire"; negative: "ocean"'
        (Split-Verbose { Invoke-Render 'fire:0.8 ocean:0.2' @{ Verbose = $true } }).Verbose |
            Should -Contain 'Prompt (InvokeAI syntax): a blend of 2: 0.8 × "fire" + 0.2 × "ocean"'
        (Split-Verbose { Invoke-Render '(fire:1.5) [ocean]' @{ Verbose = $true; PromptSyntax = 'A1111' } }).Verbose |
            Should -Contain 'Prompt (A1111 syntax): "(fire:1.5) (ocean:0.909)"'
    }
}

Describe '-PromptSyntax' {
    It 'A1111 reads (fire:1.5), which InvokeAI''s syntax refuses with a terminating error naming the column' {
        $a1111 = Invoke-Render '(fire:1.5) and ocean' @{ PromptSyntax = 'A1111' }
        $a1111.PromptSyntax | Should -Be 'A1111'
        (Get-ColourShift $a1111 (Invoke-Render 'fire and ocean' @{ PromptSyntax = 'A1111' })).R | Should -BeGreaterThan 3
        (Get-LatentSteps '(fire:1.5)' $init -Seed 7 -Steps 4 -PromptSyntax A1111)[-1].PromptSyntax | Should -Be 'A1111'

        $stopped = { Invoke-Render '(fire:1.5)' } | Should -Throw -ErrorId "PromptSyntaxInvalid,$img2img" -PassThru
        $stopped.CategoryInfo.Category | Should -Be 'SyntaxError'
        $stopped.Exception | Should -BeOfType ([InvokeAI.Core.Prompts.PromptSyntaxException])
        $stopped.Exception.Column | Should -Be 1
        $stopped.Exception.Message | Should -BeLike '*column 1*never closed*'
        $stopped.TargetObject | Should -Be '(fire:1.5)'
        # Terminating even when told to go on: nothing in the command could render.
        { Invoke-Render 'fire (ocean' @{ ErrorAction = 'SilentlyContinue' } } | Should -Throw -ErrorId "PromptSyntaxInvalid,$img2img"
    }

    It 'ComfyUI reads square brackets as text, not as a negative prompt' {
        $invokeai = Invoke-Render 'fire [ocean]'
        $comfy = Invoke-Render 'fire [ocean]' @{ PromptSyntax = 'ComfyUI' }
        # "ocean" is now a prompt word: bluer, where InvokeAI's negative made it redder.
        (Get-ColourShift $comfy $invokeai).B | Should -BeGreaterThan 5
        Get-PixelHash $comfy | Should -Be (Get-PixelHash (Invoke-Render 'fire ocean' @{ PromptSyntax = 'ComfyUI' }))
    }

    It 'fails only the piped object whose prompt is malformed; the batch goes on, each in its own syntax' {
        $jobs = @(
            [pscustomobject]@{ Prompt = 'fire'; InitImage = $init.FullName }
            [pscustomobject]@{ Prompt = 'fire (ocean'; InitImage = $init.FullName }
            [pscustomobject]@{ Prompt = '(snow:1.2)'; PromptSyntax = 'A1111'; InitImage = $init.FullName }
        )
        $images = @($jobs | Invoke-Img2Img -Seed 7 -Steps 4 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.Prompt | Should -Be @('fire', '(snow:1.2)')
        $images.PromptSyntax | Should -Be @('InvokeAI', 'A1111')
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "PromptSyntaxInvalid,$img2img"
        $problems[0].Exception.Column | Should -Be 6
        "$($problems[0])" | Should -BeLike '*column 6*'
    }

    It 'fails only the piped object whose own PromptSyntax cannot read the command line''s prompt' {
        $jobs = @(
            [pscustomobject]@{ PromptSyntax = 'InvokeAI'; InitImage = $init.FullName }
            [pscustomobject]@{ PromptSyntax = 'A1111'; InitImage = $init.FullName }
        )
        $images = @($jobs | Invoke-Img2Img -Prompt '(fire:1.5)' -Seed 7 -Steps 4 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.PromptSyntax | Should -Be @('A1111')
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "PromptSyntaxInvalid,$img2img"
        # Without a syntax of its own the object reads the prompt as the call does: the command's error.
        { [pscustomobject]@{ InitImage = $init.FullName } | Invoke-Img2Img -Prompt '(fire:1.5)' -Steps 4 -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId "PromptSyntaxInvalid,$img2img"
    }

    It 'fails a piped object whose PromptSyntax is no syntax, naming the value, where a blank one means InvokeAI''s' {
        # As Import-Csv gives them: text cells, one blank.
        $rows = @(
            [pscustomobject]@{ Prompt = 'fire'; PromptSyntax = 'Midjourney'; InitImage = $init.FullName }
            [pscustomobject]@{ Prompt = '(fire:1.2)'; PromptSyntax = ' a1111 '; InitImage = $init.FullName }
            [pscustomobject]@{ Prompt = 'fire+'; PromptSyntax = ''; InitImage = $init.FullName }
        ) | ConvertTo-Csv
        $images = @($rows | ConvertFrom-Csv | Invoke-Img2Img -Seed 7 -Steps 4 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $images.PromptSyntax | Should -Be @('A1111', 'InvokeAI')
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be "ParameterArgumentTransformationError,$img2img"
        $problems[0].Exception.Message | Should -BeLike "*PromptSyntax 'Midjourney' is not InvokeAI or A1111 or ComfyUI*"
        [pscustomobject]@{ Prompt = 'fire'; PromptSyntax = 'Midjourney' } | Get-PromptToken -ErrorVariable tokenProblems -ErrorAction SilentlyContinue
        $tokenProblems[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
    }
}

Describe 'Prompt syntax in records' {
    It 'records the syntax on the image, and Save-Image and Get-ImageMetadata keep it' {
        (Invoke-Render 'fire+').PromptSyntax | Should -Be 'InvokeAI'
        $comfy = Invoke-Render '(fire:1.3) ocean' @{ PromptSyntax = 'ComfyUI' }
        $comfy.PromptSyntax | Should -Be 'ComfyUI'
        foreach ($name in 'comfy.png', 'comfy.jpg') {
            $saved = $comfy | Save-Image -Path (Join-Path $TestDrive $name) -PassThru
            $metadata = Get-ImageMetadata $saved.FullName
            $metadata.Format | Should -Be 'InvokeAI.PowerShell'
            $metadata.PromptSyntax | Should -Be 'ComfyUI' -Because $name
        }
        $again = Invoke-Img2Img -Metadata (Get-ImageMetadata (Join-Path $TestDrive 'comfy.png')) -InitImage $init
        $again.PromptSyntax | Should -Be 'ComfyUI'
        Get-PixelHash $again | Should -Be (Get-PixelHash $comfy)
    }

    It 'reads an A1111 parameters record as A1111 syntax and renders it again in that syntax' {
        $parameters = "(fire:1.5) ocean`nNegative prompt: (snow:1.2)`nSteps: 4, Sampler: Euler, CFG scale: 7, Seed: 7, Size: 64x64, Denoising strength: 0.75, RNG: CPU"
        $file = New-TestPng -Path (Join-Path $TestDrive 'a1111.png') -Text @{ parameters = $parameters }
        $metadata = Get-ImageMetadata $file.FullName
        $metadata.Format | Should -Be 'A1111'
        $metadata.PromptSyntax | Should -Be 'A1111'
        $metadata.Prompt | Should -Be '(fire:1.5) ocean'

        $run = Split-Verbose { Invoke-Img2Img -Metadata $metadata -InitImage $init -Verbose }
        $again = $run.Output[0]
        $run.Verbose | Should -Contain 'Prompt (A1111 syntax): "(fire:1.5) ocean"; negative: "(snow:1.2)"'
        $again.PromptSyntax | Should -Be 'A1111'
        $direct = Invoke-Img2Img '(fire:1.5) ocean' $init -NegativePrompt '(snow:1.2)' -PromptSyntax A1111 -Seed 7 -Steps 4 -Strength 0.75 -CfgScale 7 -Sampler k_euler
        Get-PixelHash $again | Should -Be (Get-PixelHash $direct)
        # The command line wins, and InvokeAI's syntax cannot read this prompt.
        { Invoke-Img2Img -Metadata $metadata -InitImage $init -PromptSyntax InvokeAI } | Should -Throw -ErrorId "PromptSyntaxInvalid,$img2img"
    }
}
