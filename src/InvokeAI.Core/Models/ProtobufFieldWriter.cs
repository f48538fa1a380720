using System.Text;

namespace InvokeAI.Core.Models;

/// <summary>
/// Writes protobuf fields: the counterpart of <see cref="ProtobufFieldReader"/> for the few small messages a graph
/// rewrite creates. Fields taken unchanged from a file are copied as bytes, never re-encoded.
/// </summary>
internal sealed class ProtobufFieldWriter
{
    private readonly MemoryStream _buffer = new();

    public void WriteVarintField(int field, ulong value)
    {
        WriteVarint(_buffer, Tag(field, ProtobufFieldReader.Varint));
        WriteVarint(_buffer, value);
    }

    public void WriteStringField(int field, string value) => WriteBytesField(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A length-delimited field: a string, a packed array or an embedded message's bytes.</summary>
    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        WriteVarint(_buffer, Tag(field, ProtobufFieldReader.LengthDelimited));
        WriteVarint(_buffer, (ulong)value.Length);
        _buffer.Write(value);
    }

    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>The tag and length that precede a length-delimited field's <paramref name="length"/> bytes.</summary>
    public static byte[] LengthDelimitedHeader(int field, long length)
    {
        using var header = new MemoryStream(20);
        WriteVarint(header, Tag(field, ProtobufFieldReader.LengthDelimited));
        WriteVarint(header, (ulong)length);
        return header.ToArray();
    }

    private static ulong Tag(int field, int wireType) => ((ulong)field << 3) | (uint)wireType;

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }
}
