#Requires -Version 7.0
<#
.SYNOPSIS
    (Re)draws the example img2img sketches (512x512 RGB PNGs) into this folder.

.DESCRIPTION
    The sketches are drawn from code rather than checked in as opaque binaries, so anyone can see
    and change what they contain. No package is needed: a small inline C# class rasterises filled,
    outlined shapes into a byte buffer and writes the PNG itself. Outlines get a little seeded
    jitter so the pictures look like a child's marker drawing. The output is deterministic: every
    run writes the same bytes.

.EXAMPLE
    dotnet pwsh examples/sketches/Draw-Sketches.ps1
#>
[CmdletBinding()]
param(
    # Where to write the PNGs; defaults to the folder this script lives in.
    [string] $OutputDirectory = $PSScriptRoot
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Add-Type fails if the type already exists in this session, so only compile once.
if (-not ('InvokeSketch.Canvas' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace InvokeSketch
{
    // A tiny RGB canvas with "marker" drawing helpers. Colours are 0xRRGGBB ints; points are flat
    // double arrays {x0, y0, x1, y1, ...}. Pixels are hard-edged on purpose: flat areas with dark
    // outlines are what an img2img sketch looks like.
    public sealed class Canvas
    {
        public readonly int Width, Height;
        readonly byte[] px; // RGB, row-major, no alpha: the sketches must not have transparent pixels
        uint rng;           // own xorshift32, so the jitter never depends on System.Random's algorithm

        public Canvas(int width, int height, uint seed)
        {
            Width = width; Height = height;
            px = new byte[width * height * 3];
            rng = seed == 0 ? 2463534242u : seed; // xorshift gets stuck at 0
        }

        double Next() { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng / 4294967296.0; }
        double Jitter(double amount) { return (Next() * 2 - 1) * amount; }

        void Plot(int x, int y, int c)
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
            int i = (y * Width + x) * 3;
            px[i] = (byte)(c >> 16); px[i + 1] = (byte)(c >> 8); px[i + 2] = (byte)c;
        }

        public void Clear(int c) { for (int y = 0; y < Height; y++) for (int x = 0; x < Width; x++) Plot(x, y, c); }

        // --- point builders -------------------------------------------------------------------

        public static double[] Rect(double x0, double y0, double x1, double y1)
        {
            return new[] { x0, y0, x1, y0, x1, y1, x0, y1 };
        }

        public static double[] Ellipse(double cx, double cy, double rx, double ry)
        {
            // Enough vertices that the curve looks round, few enough that the wobble stays gentle.
            int n = Math.Max(16, (int)(Math.PI * (rx + ry) / 10));
            var p = new double[n * 2];
            for (int i = 0; i < n; i++)
            {
                double a = 2 * Math.PI * i / n;
                p[2 * i] = cx + rx * Math.Cos(a); p[2 * i + 1] = cy + ry * Math.Sin(a);
            }
            return p;
        }

        // Splits every edge into ~step px pieces and nudges each point a little: ruler-straight
        // edges become the slightly wavy lines of a hand-held marker.
        public double[] Wobble(double[] p, bool closed, double amount)
        {
            const double step = 14;
            int n = p.Length / 2, edges = closed ? n : n - 1;
            var o = new List<double>();
            for (int i = 0; i < edges; i++)
            {
                double ax = p[2 * i], ay = p[2 * i + 1];
                double bx = p[2 * ((i + 1) % n)], by = p[2 * ((i + 1) % n) + 1];
                int k = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay)) / step));
                for (int j = 0; j < k; j++)
                {
                    double t = (double)j / k;
                    o.Add(ax + (bx - ax) * t + Jitter(amount)); o.Add(ay + (by - ay) * t + Jitter(amount));
                }
            }
            if (!closed) { o.Add(p[p.Length - 2] + Jitter(amount)); o.Add(p[p.Length - 1] + Jitter(amount)); }
            return o.ToArray();
        }

        // --- rasterisers ----------------------------------------------------------------------

        // Scanline fill with the even-odd rule, sampling pixel centres.
        public void Fill(double[] p, int c)
        {
            int n = p.Length / 2;
            double minY = double.MaxValue, maxY = double.MinValue;
            for (int i = 0; i < n; i++) { minY = Math.Min(minY, p[2 * i + 1]); maxY = Math.Max(maxY, p[2 * i + 1]); }
            var xs = new List<double>();
            for (int y = Math.Max(0, (int)Math.Floor(minY)); y <= Math.Min(Height - 1, (int)Math.Ceiling(maxY)); y++)
            {
                double yc = y + 0.5;
                xs.Clear();
                for (int i = 0; i < n; i++)
                {
                    double x1 = p[2 * i], y1 = p[2 * i + 1], x2 = p[2 * ((i + 1) % n)], y2 = p[2 * ((i + 1) % n) + 1];
                    if ((y1 <= yc && y2 > yc) || (y2 <= yc && y1 > yc)) xs.Add(x1 + (yc - y1) / (y2 - y1) * (x2 - x1));
                }
                xs.Sort();
                for (int i = 0; i + 1 < xs.Count; i += 2)
                    for (int x = (int)Math.Ceiling(xs[i] - 0.5); x <= (int)Math.Floor(xs[i + 1] - 0.5); x++) Plot(x, y, c);
            }
        }

        // Thick polyline: every pixel whose centre is within width/2 of a segment. That gives round
        // caps and joins for free, like a felt tip.
        public void Stroke(double[] p, bool closed, double width, int c)
        {
            int n = p.Length / 2, segs = closed ? n : n - 1;
            double r = width / 2;
            if (n == 1) { Segment(p[0], p[1], p[0], p[1], r, c); return; }
            for (int i = 0; i < segs; i++)
                Segment(p[2 * i], p[2 * i + 1], p[2 * ((i + 1) % n)], p[2 * ((i + 1) % n) + 1], r, c);
        }

        void Segment(double ax, double ay, double bx, double by, double r, int c)
        {
            double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            int x0 = (int)Math.Floor(Math.Min(ax, bx) - r), x1 = (int)Math.Ceiling(Math.Max(ax, bx) + r);
            int y0 = (int)Math.Floor(Math.Min(ay, by) - r), y1 = (int)Math.Ceiling(Math.Max(ay, by) + r);
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                {
                    double qx = x + 0.5 - ax, qy = y + 0.5 - ay;
                    double t = len2 == 0 ? 0 : Math.Max(0, Math.Min(1, (qx * dx + qy * dy) / len2));
                    double ex = qx - t * dx, ey = qy - t * dy;
                    if (ex * ex + ey * ey <= r * r) Plot(x, y, c);
                }
        }

        // --- marker-style shapes --------------------------------------------------------------

        // A closed shape coloured in and then outlined along the same wobbly path.
        public void Shape(double[] p, int fill, int ink, double width)
        {
            var w = Wobble(p, true, 1.6);
            Fill(w, fill);
            if (width > 0) Stroke(w, true, width, ink);
        }

        // Several overlapping shapes drawn as one blob (tree tops, clouds, smoke): all outlines
        // first, then all fills, so only the outer silhouette keeps its outline.
        public void Blob(double[][] parts, int fill, int ink, double width)
        {
            var w = new double[parts.Length][];
            for (int i = 0; i < parts.Length; i++) w[i] = Wobble(parts[i], true, 1.6);
            foreach (var p in w) Stroke(p, true, width, ink);
            foreach (var p in w) Fill(p, fill);
        }

        // An open, hand-wobbled line (mast, rays, mortar, waves, birds).
        public void Line(double[] p, double width, int c)
        {
            Stroke(Wobble(p, false, 1.0), false, width, c);
        }

        // --- PNG --------------------------------------------------------------------------------

        static readonly uint[] CrcTable = MakeCrcTable();

        static uint[] MakeCrcTable()
        {
            // Standard CRC-32 (polynomial 0xEDB88320) as PNG requires; System.IO.Hashing is not in the box.
            var t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            return t;
        }

        static uint Crc(byte[] type, byte[] data)
        {
            uint c = 0xFFFFFFFFu;
            foreach (byte b in type) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
            foreach (byte b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }

        static void BigEndian(Stream s, uint v)
        {
            s.WriteByte((byte)(v >> 24)); s.WriteByte((byte)(v >> 16)); s.WriteByte((byte)(v >> 8)); s.WriteByte((byte)v);
        }

        static void Chunk(Stream s, string name, byte[] data)
        {
            var type = System.Text.Encoding.ASCII.GetBytes(name);
            BigEndian(s, (uint)data.Length);
            s.Write(type, 0, 4);
            s.Write(data, 0, data.Length);
            BigEndian(s, Crc(type, data));
        }

        // A black canvas, white wherever this one is exactly colour c: the inpainting mask of one flat area.
        public Canvas MaskOf(int c)
        {
            var mask = new Canvas(Width, Height, 1);
            for (int i = 0; i < px.Length; i += 3)
                if (((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]) == c) mask.px[i] = mask.px[i + 1] = mask.px[i + 2] = 255;
            return mask;
        }

        public void SavePng(string path) { WritePng(path, null); }

        // RGBA instead: transparent wherever the mask is white, with the colour kept under the transparent
        // pixels, as an init image that is inpainted by its transparency needs.
        public void SavePng(string path, Canvas transparentWhere) { WritePng(path, transparentWhere.px); }

        void WritePng(string path, byte[] mask)
        {
            int channels = mask == null ? 3 : 4;
            var ihdr = new MemoryStream();
            BigEndian(ihdr, (uint)Width); BigEndian(ihdr, (uint)Height);
            // 8 bits per channel, colour type 2 = RGB or 6 = RGBA, no interlace
            ihdr.Write(new byte[] { 8, (byte)(channels == 3 ? 2 : 6), 0, 0, 0 }, 0, 5);

            // Every scanline is prefixed with filter type 0 (None): simplest valid encoding.
            var idat = new MemoryStream();
            var row = new byte[Width * channels];
            using (var z = new ZLibStream(idat, CompressionLevel.Optimal, true))
                for (int y = 0; y < Height; y++)
                {
                    for (int x = 0; x < Width; x++)
                    {
                        int i = (y * Width + x) * 3, o = x * channels;
                        row[o] = px[i]; row[o + 1] = px[i + 1]; row[o + 2] = px[i + 2];
                        if (mask != null) row[o + 3] = (byte)(255 - mask[i]);
                    }
                    z.WriteByte(0); z.Write(row, 0, row.Length);
                }

            using (var f = File.Create(path))
            {
                f.Write(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, 0, 8);
                Chunk(f, "IHDR", ihdr.ToArray());
                Chunk(f, "IDAT", idat.ToArray());
                Chunk(f, "IEND", new byte[0]);
            }
        }
    }
}
'@
}

# ---------------------------------------------------------------------------------------------
# Shared palette and helpers
# ---------------------------------------------------------------------------------------------

$Ink = 0x2A2320  # near-black marker outline
$Pen = 5         # outline width in px

function New-Sketch([uint32] $Seed) { [InvokeSketch.Canvas]::new(512, 512, $Seed) }
function Rect([double] $x0, [double] $y0, [double] $x1, [double] $y1) { [InvokeSketch.Canvas]::Rect($x0, $y0, $x1, $y1) }
function Ellipse([double] $cx, [double] $cy, [double] $rx, [double] $ry) { [InvokeSketch.Canvas]::Ellipse($cx, $cy, $rx, $ry) }

# A sun: yellow disc with short rays.
function Add-Sun($c, [double] $cx, [double] $cy, [double] $r) {
    for ($i = 0; $i -lt 10; $i++) {
        $a = 2 * [math]::PI * $i / 10 + 0.3
        $c.Line(@(($cx + ($r + 10) * [math]::Cos($a)), ($cy + ($r + 10) * [math]::Sin($a)),
                  ($cx + ($r + 32) * [math]::Cos($a)), ($cy + ($r + 32) * [math]::Sin($a))), 6, 0xF5A623)
    }
    $c.Shape((Ellipse $cx $cy $r $r), 0xFFD93B, $Ink, $Pen)
}

function Add-Cloud($c, [double] $x, [double] $y, [double] $s) {
    $c.Blob([double[][]]@(
        (Ellipse $x $y (40 * $s) (24 * $s)),
        (Ellipse ($x - 34 * $s) ($y + 8 * $s) (28 * $s) (18 * $s)),
        (Ellipse ($x + 36 * $s) ($y + 8 * $s) (30 * $s) (18 * $s)),
        (Ellipse ($x + 4 * $s) ($y - 18 * $s) (26 * $s) (20 * $s))), 0xFFFFFF, $Ink, 4)
}

# A closed polygon from a function sampled along x: top edge y = f(x), closed down to $Bottom.
function Get-Band([scriptblock] $TopY, [double] $Bottom = 520, [double] $From = -10, [double] $To = 522, [double] $Step = 8) {
    $p = [System.Collections.Generic.List[double]]::new()
    for ($x = $From; $x -le $To; $x += $Step) { $p.Add($x); $p.Add((& $TopY $x)) }
    $p.AddRange([double[]]@($To, $Bottom, $From, $Bottom))
    , $p.ToArray()
}

# ---------------------------------------------------------------------------------------------
# 1. Fireplace: brick fireplace with a fire in its opening, on a papered wall
# ---------------------------------------------------------------------------------------------
function Draw-Fireplace {
    $c = New-Sketch 101
    $c.Clear(0xE9DAB4)                                                   # cream wallpaper
    for ($x = 24; $x -lt 512; $x += 48) { $c.Line(@($x, 0, $x, 430), 3, 0xD9C18E) }
    $c.Shape((Rect -10 430 522 522), 0x9C6A3A, $Ink, $Pen)                # wooden floor
    foreach ($y in 462, 494) { $c.Line(@(0, $y, 512, $y), 3, 0x7A4F28) }

    # Brick surround: red block, then pale mortar lines in a running bond.
    $c.Shape((Rect 100 168 412 448), 0xB4492C, $Ink, $Pen)
    $row = 0
    for ($y = 196; $y -lt 446; $y += 28) {
        $c.Line(@(103, $y, 409, $y), 3, 0xE8D2B8)
        $off = if ($row++ % 2) { 126 } else { 150 }
        for ($x = $off; $x -lt 410; $x += 52) { $c.Line(@($x, ($y - 28), $x, $y), 3, 0xE8D2B8) }
    }
    $c.Shape((Rect 76 136 436 170), 0x6B3B1C, $Ink, $Pen)                 # mantel shelf

    # Arched opening: straight sides, half-circle top.
    $arch = [System.Collections.Generic.List[double]]::new()
    $arch.AddRange([double[]]@(180, 448, 180, 310))
    for ($i = 0; $i -le 16; $i++) { $a = [math]::PI + [math]::PI * $i / 16; $arch.Add(256 + 76 * [math]::Cos($a)); $arch.Add(310 + 76 * [math]::Sin($a)) }
    $arch.AddRange([double[]]@(332, 448))
    $c.Shape($arch.ToArray(), 0x1E1512, $Ink, $Pen)

    # Fire: orange tongues, yellow core, on two crossed logs.
    $c.Shape(@(194, 428, 200, 372, 218, 388, 222, 330, 244, 370, 256, 292, 272, 362, 292, 320, 298, 380, 316, 360, 318, 428), 0xF2701C, $Ink, 4)
    $c.Shape(@(214, 428, 222, 392, 236, 402, 244, 360, 258, 392, 266, 340, 278, 398, 292, 378, 298, 428), 0xFFD23A, $Ink, 3)
    $c.Shape(@(190, 420, 318, 404, 322, 424, 194, 440), 0x7A4520, $Ink, 4)
    $c.Shape(@(196, 404, 322, 422, 318, 440, 192, 424), 0x8B5428, $Ink, 4)

    $c.Shape((Rect 70 446 442 474), 0x8F8A84, $Ink, $Pen)                 # stone hearth

    # Two candles on the mantel.
    foreach ($x in 130, 370) {
        $c.Shape((Rect ($x - 9) 86 ($x + 9) 136), 0xFFFFFF, $Ink, 4)
        $c.Shape(@($x, 58, ($x + 8), 76, $x, 84, ($x - 8), 76), 0xFFB21E, $Ink, 3)
    }
    $c
}

# ---------------------------------------------------------------------------------------------
# 2. Tree on a hill with a river winding down through the grass
# ---------------------------------------------------------------------------------------------
function Draw-TreeOnAHill {
    $c = New-Sketch 202
    $c.Clear(0x8FD0F2)                                                   # sky
    Add-Sun $c 84 84 38
    Add-Cloud $c 205 58 0.7
    Add-Cloud $c 462 62 0.6

    $c.Shape((Get-Band { param($x) 282 + 14 * [math]::Sin($x / 45) }), 0x9ED36A, $Ink, $Pen)   # far hills
    # Main hill: a dome with its top under the tree, steeper on the left to leave room for the valley.
    $c.Shape((Get-Band { param($x) 208 + $(if ($x -lt 340) { 0.004 } else { 0.0016 }) * ($x - 340) * ($x - 340) }), 0x4DAA3A, $Ink, $Pen)
    $c.Shape((Get-Band { param($x) 418 + 10 * [math]::Sin($x / 50) }), 0x62BF48, $Ink, $Pen)    # meadow in front

    # River: comes from the far valley, then meanders towards the viewer, widening as it nears.
    $left = [System.Collections.Generic.List[double]]::new(); $right = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -le 24; $i++) {
        $t = $i / 24
        $y = 294 + 230 * [math]::Pow($t, 1.2)
        $x = 62 + 60 * $t + 170 * $t * $t * $t + 35 * [math]::Sin($t * 10)
        $w = 12 + 150 * $t * $t
        $left.Add($x - $w / 2); $left.Add($y)
        $right.Insert(0, $y); $right.Insert(0, $x + $w / 2)
    }
    $left.AddRange($right)
    $c.Shape($left.ToArray(), 0x3A7BD5, $Ink, $Pen)
    foreach ($s in @(@(150, 452, 172, 448), @(220, 490, 256, 486), @(84, 372, 94, 370))) { $c.Line($s, 3, 0xBFE3FF) }

    # Tree: trunk on the hilltop, round leafy crown.
    $c.Shape(@(318, 216, 322, 150, 338, 150, 342, 216, 352, 224, 308, 224), 0x7B4A22, $Ink, $Pen)
    $c.Blob([double[][]]@(
        (Ellipse 330 112 58 46), (Ellipse 290 130 36 30), (Ellipse 372 130 36 30),
        (Ellipse 312 80 34 30), (Ellipse 352 80 34 30)), 0x2E8B34, $Ink, $Pen)
    $c
}

# ---------------------------------------------------------------------------------------------
# 3. Sailboat on the sea under a sun
# ---------------------------------------------------------------------------------------------
function Draw-Sailboat {
    $c = New-Sketch 303
    $c.Clear(0x9AD6F5)
    Add-Sun $c 416 92 44
    Add-Cloud $c 110 90 0.9
    foreach ($b in @(@(200, 70), @(240, 96), @(90, 180))) {
        $x, $y = $b
        $c.Line(@(($x - 14), ($y - 6), ($x - 6), ($y - 2), $x, ($y + 4), ($x + 6), ($y - 2), ($x + 14), ($y - 6)), 4, $Ink)  # gulls
    }

    $c.Shape((Get-Band { param($x) 318 + 5 * [math]::Sin($x / 22) }), 0x1F6CB5, $Ink, $Pen)     # sea

    # Boat: red hull, brown mast, two white sails, a little flag.
    $c.Line(@(262, 330, 262, 104), 8, 0x6B3B1C)
    $c.Shape(@(270, 120, 270, 306, 392, 306), 0xFFFFFF, $Ink, $Pen)
    $c.Shape(@(254, 140, 254, 306, 154, 306), 0xF6EED2, $Ink, $Pen)
    $c.Shape(@(262, 100, 302, 112, 262, 124), 0xE53B2E, $Ink, 4)
    $c.Shape(@(124, 318, 404, 318, 362, 378, 160, 378), 0xC6362B, $Ink, $Pen)
    $c.Line(@(136, 334, 392, 334), 5, 0xFFFFFF)

    # Waves: little light-blue arcs, some lapping over the hull's waterline.
    for ($row = 0; $row -lt 5; $row++) {
        for ($i = 0; $i -lt 6; $i++) {
            $x = 30 + $i * 92 + ($row % 2) * 46; $y = 370 + $row * 32
            $c.Line(@(($x - 18), $y, ($x - 9), ($y - 7), $x, ($y - 9), ($x + 9), ($y - 7), ($x + 18), $y), 4, 0xA9D4F7)
        }
    }
    $c
}

# ---------------------------------------------------------------------------------------------
# 4. A little house with a path, under a sky
# ---------------------------------------------------------------------------------------------
$HouseSky = 0x9AD6F5   # also what the inpainting examples' sky mask selects

function Draw-House {
    $c = New-Sketch 404
    $c.Clear($HouseSky)
    Add-Sun $c 78 78 36
    Add-Cloud $c 430 74 0.8
    $c.Shape((Get-Band { param($x) 372 + 8 * [math]::Sin($x / 60) }), 0x5DBB46, $Ink, $Pen)    # grass

    $c.Shape((Rect 318 118 350 196), 0xA9432A, $Ink, $Pen)                                  # chimney
    $c.Blob([double[][]]@((Ellipse 346 96 14 12), (Ellipse 364 74 18 14), (Ellipse 392 50 22 17)), 0xD6D6D6, $Ink, 3)
    $c.Shape((Rect 150 222 370 392), 0xF4D27A, $Ink, $Pen)                                  # walls
    $c.Shape(@(122, 228, 260, 104, 398, 228), 0xC8372D, $Ink, $Pen)                          # roof

    $c.Shape((Rect 234 298 286 392), 0x8B5A2B, $Ink, $Pen)                                  # door
    $c.Shape((Ellipse 276 348 4 4), 0xFFD93B, $Ink, 2)
    foreach ($x0 in 170, 302) {                                                              # windows
        $c.Shape((Rect $x0 256 ($x0 + 48) 304), 0xA8DCF5, $Ink, $Pen)
        $c.Line(@(($x0 + 24), 258, ($x0 + 24), 302), 4, $Ink)
        $c.Line(@(($x0 + 2), 280, ($x0 + 46), 280), 4, $Ink)
    }
    $c.Shape((Ellipse 260 170 18 18), 0xA8DCF5, $Ink, 4)                                    # attic window

    $c.Shape(@(238, 392, 282, 392, 344, 520, 176, 520), 0xD9C49A, $Ink, $Pen)               # path
    foreach ($s in @(@(230, 420, 262, 418), @(248, 454, 292, 452), @(214, 490, 262, 492), @(280, 488, 316, 490))) { $c.Line($s, 3, 0xA88F62) }

    # Flowers along the front of the house.
    $i = 0
    foreach ($x in 44, 84, 124, 396, 436, 476) {
        $c.Line(@($x, 440, $x, 410), 4, 0x2E7D32)
        $colour = @(0xE53B2E, 0xF06EB4, 0xFFD93B)[$i++ % 3]
        $c.Shape((Ellipse $x 404 11 11), $colour, $Ink, 3)
        $c.Shape((Ellipse $x 404 4 4), 0xFFF3B0, $Ink, 0)
    }
    $c
}

# ---------------------------------------------------------------------------------------------
# 5. Snowy mountains over a lake
# ---------------------------------------------------------------------------------------------
function Add-Mountain($c, [double] $ax, [double] $ay, [double] $lx, [double] $rx, [double] $base, [int] $colour) {
    $c.Shape(@($lx, $base, $ax, $ay, $rx, $base), $colour, $Ink, $Pen)
    # Snow cap: the top third of the peak, with a zig-zag lower edge.
    # (PowerShell names are case-insensitive, hence the distinct capL/capR names.)
    $f = 0.32
    $capLx = $ax + ($lx - $ax) * $f; $capY = $ay + ($base - $ay) * $f
    $capRx = $ax + ($rx - $ax) * $f
    $cap = [System.Collections.Generic.List[double]]::new()
    $cap.AddRange([double[]]@($ax, $ay, $capRx, $capY))
    for ($i = 5; $i -ge 1; $i--) {
        $cap.Add($capLx + ($capRx - $capLx) * $i / 6); $cap.Add($capY + $(if ($i % 2) { 16 } else { -4 }))
    }
    $cap.AddRange([double[]]@($capLx, $capY))
    $c.Shape($cap.ToArray(), 0xFFFFFF, $Ink, 4)
}

function Draw-MountainLake {
    $c = New-Sketch 505
    $c.Clear(0xA6D8F5)
    Add-Sun $c 440 70 30
    Add-Cloud $c 90 70 0.8

    Add-Mountain $c 380 150 200 600 340 0x8C86AE                         # far right peak, purple-grey
    Add-Mountain $c 140 96 -90 370 340 0x767E8C                          # big left peak
    Add-Mountain $c 300 176 170 450 340 0x69707C                          # small middle peak

    $c.Shape((Rect -10 330 522 372), 0x4E9A3A, $Ink, $Pen)                # green shore
    foreach ($x in 30, 62, 96, 410, 440, 474, 500) {                      # pines
        $c.Shape(@(($x - 14), 362, $x, 318, ($x + 14), 362), 0x1F6B35, $Ink, 3)
    }
    $c.Shape((Get-Band { param($x) 368 + 3 * [math]::Sin($x / 30) }), 0x2E78C2, $Ink, $Pen)     # lake

    # Reflections and ripples: darker streaks under the peaks, white glints.
    foreach ($s in @(@(100, 400, 180, 400), @(120, 430, 160, 430), @(270, 404, 330, 404), @(350, 420, 420, 420))) { $c.Line($s, 6, 0x225E9C) }
    foreach ($s in @(@(40, 460, 80, 460), @(200, 470, 250, 470), @(380, 480, 430, 480), @(300, 448, 330, 448))) { $c.Line($s, 4, 0xE6F4FF) }
    $c
}

# ---------------------------------------------------------------------------------------------

$sketches = [ordered]@{
    'fireplace.png'      = ${function:Draw-Fireplace}
    'tree-on-a-hill.png' = ${function:Draw-TreeOnAHill}
    'sailboat.png'       = ${function:Draw-Sailboat}
    'house.png'          = ${function:Draw-House}
    'mountain-lake.png'  = ${function:Draw-MountainLake}
}

$null = New-Item -ItemType Directory -Force -Path $OutputDirectory
foreach ($name in $sketches.Keys) {
    $path = Join-Path $OutputDirectory $name
    (& $sketches[$name]).SavePng($path)
    Get-Item $path
}

# The inpainting examples' inputs: the house's blue sky as a mask (white = redraw), and the house with that sky
# made transparent. The sky is the one area still in the house's background colour, so the mask is exact.
$inpainting = Join-Path $OutputDirectory 'inpainting'
$null = New-Item -ItemType Directory -Force -Path $inpainting
$house = Draw-House
$sky = $house.MaskOf($HouseSky)
$sky.SavePng((Join-Path $inpainting 'house-sky-mask.png'))
$house.SavePng((Join-Path $inpainting 'house-without-sky.png'), $sky)
Get-ChildItem -LiteralPath $inpainting -Filter *.png
