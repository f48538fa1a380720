# Help source for Get-PromptToken (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Shows the CLIP tokens a prompt becomes, as its prompt syntax reads it: what the text encoder actually receives.'

    Description = @'
Get-PromptToken reads a prompt (and a negative prompt) in -PromptSyntax exactly as a render does, runs it through the tokenizer of a model folder (its tokenizer/vocab.json and merges.txt), and writes one object per token, the prompt's first, then the negative prompt's when it has words.

Each token has Index (its position in its chunk, 0 for the chunk's start-of-text token), Id (the vocabulary id), Text (the piece as you would type it: the vocabulary spells UTF-8 bytes in stand-in characters, so "×" is stored as "ÃĹ", and Text decodes them; bytes that are only part of a character, when a rare character is split over tokens, show as <0xF0>), EndsWord (True for the last piece of a word, which the vocabulary marks with </w>) and Vocabulary (the vocabulary entry itself, such as "box</w>"); and where the syntax put it: Weight (the attention weight: 1.1 for fire+ or (fire), 1.3 for (fire)1.3 or A1111's (fire:1.3); 1 for plain words and the start and end tokens), Chunk (0 first), Role (Prompt or Negative: InvokeAI's [bracketed] words are the negative prompt's), SubPrompt and SubPromptWeight (which prompt of a blend, 0 first, and its normalised weight in the blend; 0 and 1 when the prompt does not blend), and Part, which says the last three in one column ("Prompt", "Negative", or "Prompt 2 ×0.3" for a blend's second prompt). The start-of-text (49406) and end-of-text (49407) tokens of every chunk are included; the padding up to 77 is left out.

CLIP reads 77 tokens at a time, start and end included. A longer prompt is cut into chunks of at most 75 word pieces, each cut after a whole word (and at A1111's BREAK), and the chunks are encoded apart and laid end to end, so every word counts; each chunk starts again at Index 0. A model whose UNet was exported with a fixed token axis takes only as many chunks as that axis holds: the tokens past them are left out, with a warning that says how many.

Use it to see why a word had no effect or too much: its weight, the chunk it landed in, a blend or a bracket that read differently than meant, or a word split into unexpected pieces ("hatbox" is "hat" and "box", and only "box" ends the word; punctuation is a token of its own). -Verbose shows the prompt as it was read, for example: Prompt (InvokeAI syntax): "a (fireplace:1.1) with (warm fire:1.3)"; negative: "smoke". A prompt its syntax cannot read writes the non-terminating error PromptSyntaxInvalid, whose message names the column and points at it, and the next prompt goes on.
'@

    Parameters  = @{
        Prompt  = 'The prompt to tokenize, as given to Invoke-Img2Img -Prompt. Accepts pipeline input: strings, one prompt each, and by property name any object with a Prompt property, so a rendered image, an Import-Csv row of jobs or a Get-ImageMetadata record shows the tokens of its own prompt. An object whose Prompt is $null (an image from Import-Image) writes the non-terminating error PromptMissing and the next object goes on; it is never tokenised as its ToString().'
        NegativePrompt = 'A negative prompt whose tokens follow the prompt''s (Part Negative), read in the same syntax; under InvokeAI''s syntax the prompt''s [bracketed] words come first. Binds by property name, so a rendered image or a Get-ImageMetadata record shows its own negative prompt too.'
        PromptSyntax   = @{
            Description  = 'The prompt language to read -Prompt and -NegativePrompt in: InvokeAI (the default), A1111 or ComfyUI, as Invoke-Img2Img -PromptSyntax reads them (see about_InvokeAI). Binds by property name, so a Get-ImageMetadata record of an A1111 or ComfyUI image shows its prompt as that tool read it. A prompt the syntax cannot read writes the non-terminating error PromptSyntaxInvalid (category SyntaxError), whose message names the column and points at it; the next prompt goes on.'
            DefaultValue = 'InvokeAI'
        }
        Session = 'A session whose model''s tokenizer to use, from Open-DiffusionSession.'
        Model   = @{
            Description  = 'A model folder whose tokenizer to use. Without -Model or -Session, $env:INVOKEAI_MODEL, else the built-in demo model (which carries the CLIP ViT-L/14 tokenizer of Stable Diffusion 1.x). Folders resolve against the current PowerShell location, so relative paths, ~ and PowerShell drives work.'
            DefaultValue = '$env:INVOKEAI_MODEL, else the built-in demo model'
        }
    }

    Inputs      = @{
        'System.String' = 'Prompts. Objects with a Prompt property (rendered images, Import-Csv rows, Get-ImageMetadata records) bind it by property name, and their NegativePrompt and PromptSyntax properties too.'
    }

    Outputs     = @{
        'InvokeAI.Core.Tokenization.PromptToken' = 'Index, Id, Text (decoded), EndsWord, Vocabulary, Weight, Chunk, Role, SubPrompt, SubPromptWeight and Part of each token; the console shows Part, Chunk, Index, Id, Weight, EndsWord and Text as a table.'
    }

    Examples    = @(
        @{
            Title   = 'See the tokens of a prompt'
            Code    = @'
Get-PromptToken 'a photo of a cat'

Part            Chunk Index    Id Weight EndsWord Text
----            ----- -----    -- ------ -------- ----
Prompt              0     0 49406      1 False    <|startoftext|>
Prompt              0     1   320      1 True     a
Prompt              0     2  1125      1 True     photo
Prompt              0     3   539      1 True     of
Prompt              0     4   320      1 True     a
Prompt              0     5  2368      1 True     cat
Prompt              0     6 49407      1 False    <|endoftext|>
'@
            Remarks = 'The ids are those of the CLIP ViT-L/14 vocabulary used by Stable Diffusion 1.x.'
        }
        @{
            Title   = 'See how a long prompt is split into chunks'
            Code    = @'
$tokens = Get-PromptToken ('a red brick fireplace with a warm fire, ' * 10)
$tokens | Group-Object Chunk -NoElement | Format-Table Name, Count
"Chunk 1 starts with: $(($tokens | Where-Object { $_.Chunk -eq 1 -and $_.Index -eq 1 }).Text)"

Name Count
---- -----
0       77
1       17

Chunk 1 starts with: fireplace
'@
            Remarks = 'The prompt is 90 word pieces: the first chunk holds 75 of them between its start and end tokens, cut after the last whole word, and the second chunk the other 15. Nothing is cut: a render encodes both chunks and lays them end to end.'
        }
        @{
            Title   = 'See the weights and the negative prompt InvokeAI''s syntax reads'
            Code    = @'
Get-PromptToken 'a fireplace+ with (warm fire)1.3 [smoke]'

Part            Chunk Index    Id Weight EndsWord Text
----            ----- -----    -- ------ -------- ----
Prompt              0     0 49406      1 False    <|startoftext|>
Prompt              0     1   320      1 True     a
Prompt              0     2 23050    1.1 True     fireplace
Prompt              0     3   593      1 True     with
Prompt              0     4  3616    1.3 True     warm
Prompt              0     5  1769    1.3 True     fire
Prompt              0     6 49407      1 False    <|endoftext|>
Negative            0     0 49406      1 False    <|startoftext|>
Negative            0     1  6664      1 True     smoke
Negative            0     2 49407      1 False    <|endoftext|>
'@
            Remarks = 'fireplace+ weighs the word 1.1, (warm fire)1.3 the group 1.3, and [smoke] is not part of the prompt at all: it is the negative prompt, which guidance steers away from.'
        }
        @{
            Title   = 'See the prompts of a blend'
            Code    = @'
Get-PromptToken 'fire:0.7 ocean:0.3'

Part            Chunk Index    Id Weight EndsWord Text
----            ----- -----    -- ------ -------- ----
Prompt 1 ×0.7       0     0 49406      1 False    <|startoftext|>
Prompt 1 ×0.7       0     1  1769      1 True     fire
Prompt 1 ×0.7       0     2 49407      1 False    <|endoftext|>
Prompt 2 ×0.3       0     0 49406      1 False    <|startoftext|>
Prompt 2 ×0.3       0     1  4918      1 True     ocean
Prompt 2 ×0.3       0     2 49407      1 False    <|endoftext|>
'@
            Remarks = 'A blend is encoded prompt by prompt and its conditioning is the weighted sum, so each prompt has its own chunks and its weight in the blend (SubPromptWeight) rather than a weight per word. ("fire", "ocean").blend(0.7, 0.3) reads the same.'
        }
        @{
            Title   = 'Read a prompt in AUTOMATIC1111''s syntax'
            Code    = @'
Get-PromptToken '(fire:1.5) [smoke]' -PromptSyntax A1111

Part            Chunk Index    Id Weight EndsWord Text
----            ----- -----    -- ------ -------- ----
Prompt              0     0 49406      1 False    <|startoftext|>
Prompt              0     1  1769    1.5 True     fire
Prompt              0     2  6664  0.909 True     smoke
Prompt              0     3 49407      1 False    <|endoftext|>
'@
            Remarks = 'In A1111''s syntax [smoke] lowers the word''s weight (divided by 1.1) where InvokeAI''s makes it the negative prompt, and (fire:1.5) is a weight where InvokeAI''s syntax stops with PromptSyntaxInvalid. A Get-ImageMetadata record of an A1111 image brings PromptSyntax A1111, so piping it in reads its prompt this way.'
        }
        @{
            Title   = 'Find the column of a syntax error'
            Code    = @'
Get-PromptToken 'a (castle on a hill' -ErrorVariable problem -ErrorAction SilentlyContinue
$problem.Exception.Column

3
'@
            Remarks = 'The error PromptSyntaxInvalid (category SyntaxError) says what is wrong at which column and points at it under the prompt; its exception, an InvokeAI.Core.Prompts.PromptSyntaxException, has the column as a number. Here the "(" at column 3 is never closed: close it, or write \( for the character itself.'
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
            Remarks = 'Counts include the start and end tokens of every chunk; a chunk holds 77 tokens, 75 of them word pieces.'
        }
    )

    Links       = @('about_InvokeAI', 'Invoke-Img2Img')
}
