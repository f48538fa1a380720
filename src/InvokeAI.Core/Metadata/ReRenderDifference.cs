namespace InvokeAI.Core.Metadata;

/// <summary>One fact in which a render differs from the recorded one, and the clause that tells the user.</summary>
public sealed record ReRenderDifference(ReRenderDifferenceKind Kind, string Description)
{
    public override string ToString() => Description;
}
