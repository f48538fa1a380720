# Help source for New-LatentNoise (see Invoke-Img2Img.psd1 for the format).
@{
    Synopsis    = 'Creates the seeded latent noise a render starts from, as PyTorch or AUTOMATIC1111 would draw it.'

    Description = @'
New-LatentNoise returns the noise tensor that Invoke-Img2Img mixes into the init image for a given seed and size: the first torch.randn(1, Channels, Height/8, Width/8) of a freshly seeded generator, before it is scaled to the starting noise level. Use it to inspect a seed, to compare with what another tool draws, or to hand the numbers to another program.

The object has Shape (1, Channels, Height/8, Width/8), Data (a float array in NCHW order: channel by channel, row by row), Seed and NoiseSource. With -NoiseSource Cpu the values are PyTorch's CPU generator's (MT19937 with its Box-Muller transform), which diffusers and ComfyUI use; with -NoiseSource Cuda they are AUTOMATIC1111's Philox emulation of CUDA noise.
'@

    Parameters  = @{
        Seed        = 'The seed, from 0 to 4294967295, as -Seed of Invoke-Img2Img. Accepts pipeline input, so 1..4 | New-LatentNoise makes four tensors.'
        Width       = 'The image width in pixels, a multiple of 8; default 512. The latent is Width/8 wide.'
        Height      = 'The image height in pixels, a multiple of 8; default 512. The latent is Height/8 high.'
        Channels    = 'Latent channels, from 1 to 16; default 4, the Stable Diffusion 1.x and 2.x latent.'
        NoiseSource = 'Cpu (default) for PyTorch''s CPU generator, Cuda for AUTOMATIC1111''s CUDA-style Philox generator.'
    }

    Inputs      = @{
        'System.Int64' = 'Seeds, by value or from a Seed property (for example an image written by Invoke-Img2Img).'
    }

    Outputs     = @{
        'InvokeAI.Core.Noise.LatentNoise' = 'Shape, Data, Seed and NoiseSource of the noise.'
    }

    Examples    = @(
        @{
            Title   = 'See the first values of a seed'
            Code    = @'
New-LatentNoise -Seed 42 -Width 512 -Height 512

      Seed NoiseSource Shape              First values
      ---- ----------- -----              ------------
        42 Cpu         [1, 4, 64, 64]     1.9269, 1.4873, 0.9007, -2.1055, …
'@
            Remarks = 'The same numbers as torch.manual_seed(42); torch.randn(1, 4, 64, 64) in Python.'
        }
        @{
            Title   = 'The noise an earlier render started from'
            Code    = @'
$sketches = Join-Path (Get-Command Invoke-Img2Img).Module.ModuleBase sketches
$image = Invoke-Img2Img 'fire' $sketches/fireplace.png -Strength 0.7
$noise = $image | New-LatentNoise -Width $image.Width -Height $image.Height
'@
            Remarks = 'The image''s Seed property binds to -Seed by property name. The first line finds the example sketches that come with the module.'
        }
        @{
            Title   = 'Write the noise for another tool'
            Code    = @'
$noise = New-LatentNoise 1592514025 -Width 384 -Height 384 -NoiseSource Cuda
$bytes = [byte[]]::new($noise.Data.Length * 4)
[Buffer]::BlockCopy($noise.Data, 0, $bytes, 0, $bytes.Length)
[IO.File]::WriteAllBytes("$PWD/noise.f32", $bytes)
'@
            Remarks = 'Raw little-endian float32 values in NCHW order, as numpy.fromfile(..., dtype=numpy.float32).reshape(1, 4, 48, 48) reads them.'
        }
    )

    Links       = @('about_InvokeAI', 'Invoke-Img2Img')
}
