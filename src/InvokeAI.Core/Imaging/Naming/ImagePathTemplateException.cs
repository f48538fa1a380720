namespace InvokeAI.Core.Imaging.Naming;

/// <summary>A -Path template that cannot be used: an unknown placeholder, a bad counter format, no file name.</summary>
public sealed class ImagePathTemplateException : FormatException
{
    public string Template { get; }

    public ImagePathTemplateException(string template, string message) : base(message)
    {
        Template = template;
    }
}
