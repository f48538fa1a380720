# Prompts for the example sketches in this folder, keyed by file name.
# Each prompt names at least one colour (orange, green, blue, white, red, ...) because the
# built-in demo model steers its output by colour words; a real model just reads them as style.
@{
    'fireplace.png'      = 'fire burning in a cosy stone fireplace, warm orange light, red bricks, detailed interior photograph'
    'tree-on-a-hill.png' = 'tree on a hill with a river, nature photograph, national geographic, green and blue'
    'sailboat.png'       = 'a sailboat with white sails on a deep blue sea, golden sun in the sky, oil painting, highly detailed'
    'house.png'          = 'a cosy little cottage with a red roof and a stone path, green garden, blue sky, storybook illustration'
    'mountain-lake.png'  = 'snowy mountains reflected in a calm blue lake, white peaks, pine forest, landscape photograph, 4k'
}
