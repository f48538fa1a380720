namespace InvokeAI.Core.Imaging.Naming;

/// <summary>The template names a value the image does not have (a {seed} of an image that was not rendered).</summary>
public sealed class ImagePathValueMissingException : Exception
{
    public string Placeholder { get; }

    public ImagePathValueMissingException(string placeholder, string message) : base(message)
    {
        Placeholder = placeholder;
    }
}
