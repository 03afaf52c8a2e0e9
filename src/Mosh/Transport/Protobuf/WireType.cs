namespace Mosh.Transport.Protobuf;

/// <summary>Protocol buffers wire types (the low 3 bits of a field key).</summary>
public enum WireType : byte
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
