# Help source for Get-PromptToken (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Shows the CLIP tokens a prompt becomes: what the text encoder actually receives.'

    Description = @'
Get-PromptToken runs a prompt through the tokenizer of a model folder (its tokenizer/vocab.json and merges.txt) exactly as a render does, and writes one object per token: Index (the position, 0 for the start-of-text token), Id (the vocabulary id) and Text (the vocabulary entry; a piece that ends a word ends in </w>). The start-of-text (49406) and end-of-text (49407) tokens are included; the padding up to 77 is left out.

Use it to see why a word had no effect: CLIP reads at most 77 tokens, start and end included, and everything after is cut (with a warning); unusual words split into several pieces ("hatbox" is "hat" + "box</w>"); punctuation is a token of its own.
'@

    Parameters  = @{
        Prompt  = 'The prompt to tokenize, as given to Invoke-Img2Img -Prompt. Accepts pipeline input, one prompt per string.'
        Session = 'A session whose model''s tokenizer to use, from Open-DiffusionSession.'
        Model   = @{
            Description  = 'A model folder whose tokenizer to use. Without -Model or -Session, $env:INVOKEAI_MODEL, else the built-in demo model (which carries the CLIP ViT-L/14 tokenizer of Stable Diffusion 1.x). Folders resolve against the current PowerShell location, so relative paths, ~ and PowerShell drives work.'
            DefaultValue = '$env:INVOKEAI_MODEL, else the built-in demo model'
        }
    }

    Inputs      = @{
        'System.String' = 'Prompts.'
    }

    Outputs     = @{
        'InvokeAI.Core.Tokenization.PromptToken' = 'Index, Id and Text of each token.'
    }

    Examples    = @(
        @{
            Title   = 'See the tokens of a prompt'
            Code    = @'
Get-PromptToken 'a photo of a cat'

Index    Id Text
-----    -- ----
    0 49406 <|startoftext|>
    1   320 a</w>
    2  1125 photo</w>
    3   539 of</w>
    4   320 a</w>
    5  2368 cat</w>
    6 49407 <|endoftext|>
'@
            Remarks = 'The ids are those of the CLIP ViT-L/14 vocabulary used by Stable Diffusion 1.x.'
        }
        @{
            Title   = 'Find out where a long prompt is cut'
            Code    = @'
$tokens = Get-PromptToken $longPrompt -WarningVariable cut
$tokens[-2].Text
'@
            Remarks = 'The last word piece that still counts; $cut holds the warning saying how many tokens were dropped.'
        }
        @{
            Title   = 'Count the tokens of several prompts'
            Code    = @'
'fire', 'tree on a hill with a river, national geographic' | ForEach-Object {
    [pscustomobject]@{ Prompt = $_; Tokens = @(Get-PromptToken $_).Count }
}
'@
            Remarks = 'Counts include the start and end tokens; 77 is the most CLIP reads.'
        }
    )

    Links       = @('about_InvokeAI', 'Invoke-Img2Img')
}
