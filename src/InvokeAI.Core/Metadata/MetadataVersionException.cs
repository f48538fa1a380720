namespace InvokeAI.Core.Metadata;

/// <summary>
/// A module record whose format version this module does not read: a later version's, which may have changed what a
/// field means, or not a version at all. Refused whole, so a re-render never half-follows a record.
/// </summary>
public sealed class MetadataVersionException(string version, int newestKnown)
    : FormatException($"The record is format version {version}; this module reads versions 1 to {newestKnown}. A later module may read it.")
{
    /// <summary>The version as the record writes it.</summary>
    public string Version { get; } = version;
}
