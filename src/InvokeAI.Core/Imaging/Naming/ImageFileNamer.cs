using InvokeAI.Core.Pipelines;

namespace InvokeAI.Core.Imaging.Naming;

/// <summary>
/// Chooses the file each image of one save (one Save-Image call) goes to: InvokeAI's names in a folder, or a
/// template. Counters continue from the folder and then count on in memory, and every name handed out is
/// remembered, so -WhatIf shows the names a real run writes and two images never silently share a file.
/// </summary>
public sealed class ImageFileNamer
{
    private readonly ImagePathTemplate? _template;
    private readonly string _start;
    private readonly string _boundary;
    private readonly Dictionary<string, int> _nextCounter = new(PathContainment.Comparer);
    private readonly HashSet<string> _claimed = new(PathContainment.Comparer);

    private ImageFileNamer(ImagePathTemplate? template, string start, string boundary)
    {
        _template = template;
        _start = Path.GetFullPath(start);
        _boundary = Path.GetFullPath(boundary);
    }

    /// <summary>InvokeAI's {counter:000000}.{seed}.png in <paramref name="directory"/>.</summary>
    public static ImageFileNamer InvokeAI(string directory) => new(null, directory, directory);

    /// <summary>
    /// Names from a template, expanded below <paramref name="start"/> (where the template's fixed folder points);
    /// every name must stay inside <paramref name="boundary"/> (-Directory, or the fixed folder itself).
    /// </summary>
    public static ImageFileNamer FromTemplate(ImagePathTemplate template, string start, string boundary) =>
        new(template, start, boundary);

    /// <summary>
    /// The full path for the image. Throws <see cref="ImagePathOutsideDirectoryException"/> or
    /// <see cref="ImagePathValueMissingException"/>; a name may exist already (the caller decides about -Force).
    /// </summary>
    public string NextPath(DiffusionImage image)
    {
        if (_template is null)
            return NextCounted(_start, _ => InvokeAIFileNames.HighestCounter(_start), counter => Path.Combine(_start, InvokeAIFileNames.Format(counter, image.Settings.Seed)));

        string Candidate(int counter) => Path.GetFullPath(Path.Combine(_start, _template.Expand(image, counter)));
        string path = Candidate(1);
        if (!PathContainment.IsInside(path, _boundary)) throw new ImagePathOutsideDirectoryException(path, _boundary);
        if (!_template.HasCounter) return path;
        // The counter is only ever in the file name, so every candidate lies in this same folder.
        return NextCounted(Path.GetDirectoryName(path)!, _template.HighestCounter, Candidate);
    }

    private string NextCounted(string folder, Func<string, int> highestOnDisk, Func<int, string> name)
    {
        if (!_nextCounter.TryGetValue(folder, out int counter)) counter = highestOnDisk(folder) + 1;
        string path;
        do path = Path.GetFullPath(name(counter++));
        while (File.Exists(path) || _claimed.Contains(path));
        _nextCounter[folder] = counter;
        return path;
    }

    /// <summary>True when an earlier image of this save was given the path.</summary>
    public bool IsClaimed(string path) => _claimed.Contains(Path.GetFullPath(path));

    /// <summary>Records that the path is (or, under -WhatIf, would be) written by this save.</summary>
    public void Claim(string path) => _claimed.Add(Path.GetFullPath(path));
}
