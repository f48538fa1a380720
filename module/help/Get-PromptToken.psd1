# Help source for Get-PromptToken (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Shows the CLIP tokens a prompt becomes: what the text encoder actually receives.'

    Description = @'
Get-PromptToken runs a prompt through the tokenizer of a model folder (its tokenizer/vocab.json and merges.txt) exactly as a render does, and writes one object per token: Index (the position, 0 for the start-of-text token), Id (the vocabulary id), Text (the piece as you would type it: the vocabulary spells UTF-8 bytes in stand-in characters, so "×" is stored as "ÃĹ", and Text decodes them; bytes that are only part of a character, when a rare character is split over tokens, show as <0xF0>), EndsWord (True for the last piece of a word, which the vocabulary marks with </w>) and Vocabulary (the vocabulary entry itself, such as "box</w>"). The start-of-text (49406) and end-of-text (49407) tokens are included; the padding up to 77 is left out.

Use it to see why a word had no effect: CLIP reads at most 77 tokens, start and end included, and everything after is cut (with a warning); unusual words split into several pieces ("hatbox" is "hat" and "box", and only "box" ends the word); punctuation is a token of its own.
'@

    Parameters  = @{
        Prompt  = 'The prompt to tokenize, as given to Invoke-Img2Img -Prompt. Accepts pipeline input: strings, one prompt each, and by property name any object with a Prompt property, so a rendered image, an Import-Csv row of jobs or a Get-ImageMetadata record shows the tokens of its own prompt. An object whose Prompt is $null (an image from Import-Image) writes the non-terminating error PromptMissing and the next object goes on; it is never tokenised as its ToString().'
        Session = 'A session whose model''s tokenizer to use, from Open-DiffusionSession.'
        Model   = @{
            Description  = 'A model folder whose tokenizer to use. Without -Model or -Session, $env:INVOKEAI_MODEL, else the built-in demo model (which carries the CLIP ViT-L/14 tokenizer of Stable Diffusion 1.x). Folders resolve against the current PowerShell location, so relative paths, ~ and PowerShell drives work.'
            DefaultValue = '$env:INVOKEAI_MODEL, else the built-in demo model'
        }
    }

    Inputs      = @{
        'System.String' = 'Prompts. Objects with a Prompt property (rendered images, Import-Csv rows, Get-ImageMetadata records) bind it by property name.'
    }

    Outputs     = @{
        'InvokeAI.Core.Tokenization.PromptToken' = 'Index, Id, Text (decoded), EndsWord and Vocabulary of each token; the console shows the first four as a table.'
    }

    Examples    = @(
        @{
            Title   = 'See the tokens of a prompt'
            Code    = @'
Get-PromptToken 'a photo of a cat'

Index    Id EndsWord Text
-----    -- -------- ----
    0 49406 False    <|startoftext|>
    1   320 True     a
    2  1125 True     photo
    3   539 True     of
    4   320 True     a
    5  2368 True     cat
    6 49407 False    <|endoftext|>
'@
            Remarks = 'The ids are those of the CLIP ViT-L/14 vocabulary used by Stable Diffusion 1.x.'
        }
        @{
            Title   = 'Find out where a long prompt is cut'
            Code    = @'
$longPrompt = 'a red brick fireplace with a warm fire, ' * 10
$tokens = Get-PromptToken $longPrompt -WarningVariable cut
$tokens[-2].Text
$cut

WARNING: The prompt is longer than CLIP's 77 tokens: 15 token(s) at its end are cut and have no effect.
brick
The prompt is longer than CLIP's 77 tokens: 15 token(s) at its end are cut and have no effect.
'@
            Remarks = 'The warning says how many tokens were dropped, and $cut keeps it; the second to last token is the last word piece that still counts (the last is the end token).'
        }
        @{
            Title   = 'See how a word is split'
            Code    = @'
Get-PromptToken 'hatbox, 2×3' | Format-Table Index, Id, EndsWord, Text, Vocabulary

Index    Id EndsWord Text            Vocabulary
-----    -- -------- ----            ----------
    0 49406    False <|startoftext|> <|startoftext|>
    1  3447    False hat             hat
    2  2063     True box             box</w>
    3   267     True ,               ,</w>
    4   273     True 2               2</w>
    5 16165     True ×               ÃĹ</w>
    6   274     True 3               3</w>
    7 49407    False <|endoftext|>   <|endoftext|>
'@
            Remarks = 'Text is what the piece reads as; Vocabulary is how CLIP''s vocabulary spells it, in byte stand-ins and with </w> on the last piece of a word.'
        }
        @{
            Title   = 'Count the tokens of several prompts'
            Code    = @'
'fire', 'tree on a hill with a river, national geographic' | ForEach-Object {
    [pscustomobject]@{ Prompt = $_; Tokens = @(Get-PromptToken $_).Count }
}

Prompt                                           Tokens
------                                           ------
fire                                                  3
tree on a hill with a river, national geographic     12
'@
            Remarks = 'Counts include the start and end tokens; 77 is the most CLIP reads.'
        }
    )

    Links       = @('about_InvokeAI', 'Invoke-Img2Img')
}
