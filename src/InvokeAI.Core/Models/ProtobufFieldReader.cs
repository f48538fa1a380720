using System.Text;

namespace InvokeAI.Core.Models;

/// <summary>
/// Reads protobuf fields one by one from a seekable stream, skipping values by seeking rather than reading them.
/// ONNX files are protobuf and can hold gigabytes of weights inline; a question about the graph's structure must
/// not read those, and the ONNX Runtime API offers no access to a graph's nodes or weight shapes.
/// </summary>
internal sealed class ProtobufFieldReader(Stream stream)
{
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    /// <summary>Strings longer than this are not names: the file is not what it seems.</summary>
    private const int LongestString = 1 << 20;

    public long Position => stream.Position;

    /// <summary>Reads the next field's number and wire type; false at <paramref name="end"/>.</summary>
    public bool TryReadField(long end, out int field, out int wireType)
    {
        field = wireType = 0;
        if (stream.Position >= end) return false;
        ulong tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            int b = stream.ReadByte();
            if (b < 0) throw new EndOfStreamException("The protobuf data ends inside a number.");
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("A protobuf number is longer than 10 bytes.");
    }

    /// <summary>Reads a length-delimited field's length and returns where its value ends.</summary>
    public long ReadEnd()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(stream.Length - stream.Position))
            throw new InvalidDataException("A protobuf field runs past the end of the file.");
        return stream.Position + (long)length;
    }

    public string ReadString()
    {
        long end = ReadEnd();
        long length = end - stream.Position;
        if (length > LongestString) throw new InvalidDataException("A protobuf string is implausibly long for a name.");
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Steps over the value of a field whose tag was just read.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: stream.Seek(8, SeekOrigin.Current); break;
            case LengthDelimited: stream.Seek(ReadEnd(), SeekOrigin.Begin); break;
            case Fixed32: stream.Seek(4, SeekOrigin.Current); break;
            default: throw new InvalidDataException($"Protobuf wire type {wireType} is not used by ONNX files.");
        }
    }

    public void SeekTo(long position) => stream.Seek(position, SeekOrigin.Begin);
}
