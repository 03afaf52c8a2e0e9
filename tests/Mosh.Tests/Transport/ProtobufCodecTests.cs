using Mosh.StateSync;
using Mosh.Transport;
using Mosh.Transport.Protobuf;

namespace Mosh.Tests.Transport;

public class ProtobufCodecTests
{
    private static string Hex(ReadOnlySpan<byte> b) => Convert.ToHexStringLower(b);

    private static byte[] EncodeInstruction(Instruction inst)
    {
        var buf = new byte[InstructionCodec.GetEncodedLength(inst)];
        Assert.Equal(buf.Length, InstructionCodec.Encode(inst, buf));
        return buf;
    }

    [Fact]
    public void SpecInstructionVector()
    {
        var w = new UserMessageWriter();
        w.AddResize(80, 24);
        Assert.Equal("0a061a0428503018", Hex(w.Written));
        var inst = new Instruction { ProtocolVersion = 2, OldNum = 0, NewNum = 1, Diff = w.WrittenMemory };
        Assert.Equal("0802100018012000280032080a061a04285030183a00", Hex(EncodeInstruction(inst)));
    }

    [Fact]
    public void ShutdownNewNumEncoding()
    {
        var bytes = EncodeInstruction(new Instruction { ProtocolVersion = 2, NewNum = Instruction.ShutdownNum });
        Assert.Contains("18ffffffffffffffffff01", Hex(bytes));
        Assert.Equal(InstructionDecodeResult.Ok, InstructionCodec.Decode(bytes, out var back));
        Assert.Equal(ulong.MaxValue, back.NewNum);
    }

    [Fact]
    public void InstructionRoundTrip()
    {
        var inst = new Instruction
        {
            ProtocolVersion = 2, OldNum = 300, NewNum = 1UL << 40, AckNum = 127, ThrowawayNum = 128,
            Diff = new byte[] { 1, 2, 3 }, Chaff = new byte[16],
        };
        Assert.Equal(InstructionDecodeResult.Ok, InstructionCodec.Decode(EncodeInstruction(inst), out var back));
        Assert.Equal(inst.OldNum, back.OldNum);
        Assert.Equal(inst.NewNum, back.NewNum);
        Assert.Equal(inst.AckNum, back.AckNum);
        Assert.Equal(inst.ThrowawayNum, back.ThrowawayNum);
        Assert.Equal(inst.Diff.ToArray(), back.Diff.ToArray());
        Assert.Equal(16, back.Chaff.Length);
    }

    [Fact]
    public void DecodeSkipsUnknownFieldsOfEveryWireType()
    {
        // version 2; field 9 varint; field 10 fixed64; field 11 bytes; field 12 group with nested
        // stuff; field 13 fixed32; known field 3 with the wrong wire type (fixed32); new_num 5.
        var bytes = Convert.FromHexString(
            "0802" + "48ac02" + "510102030405060708" + "5a03616263" +
            "63" + "0801" + "6b" + "0802" + "6c" + "64" + "6d01020304" + "1d01020304" + "1805");
        Assert.Equal(InstructionDecodeResult.Ok, InstructionCodec.Decode(bytes, out var inst));
        Assert.Equal(2u, inst.ProtocolVersion);
        Assert.Equal(5UL, inst.NewNum);
        Assert.True(inst.Diff.IsEmpty);
    }

    [Theory]
    [InlineData("08")]                          // truncated varint
    [InlineData("0802" + "32")]                 // missing length
    [InlineData("0802" + "3205" + "0102")]      // length past the end
    [InlineData("0802" + "0f")]                 // wire type 7
    [InlineData("0802" + "0e")]                 // wire type 6
    [InlineData("0802" + "63" + "0801")]        // group never closed
    [InlineData("0802" + "63" + "6c" + "6c")]   // end group with the wrong field number, then stray end
    [InlineData("0802" + "64")]                 // end group without start
    [InlineData("0802" + "00")]                 // field number 0
    [InlineData("0802" + "10ffffffffffffffffffff01")] // 11-byte varint
    [InlineData("0802" + "51010203")]           // fixed64 truncated
    public void MalformedInstructionsAreRejected(string hex)
    {
        Assert.Equal(InstructionDecodeResult.Malformed, InstructionCodec.Decode(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void DeeplyNestedGroupsAreRejectedNotRecursedForever()
    {
        var b = new List<byte> { 0x08, 0x02 };
        for (int i = 0; i < 10_000; i++) b.Add(0x63);
        Assert.Equal(InstructionDecodeResult.Malformed, InstructionCodec.Decode(b.ToArray(), out _));
    }

    [Fact]
    public void MissingVersionIsReported()
    {
        Assert.Equal(InstructionDecodeResult.MissingProtocolVersion, InstructionCodec.Decode(Convert.FromHexString("1001"), out _));
        Assert.Equal(InstructionDecodeResult.MissingProtocolVersion, InstructionCodec.Decode(ReadOnlyMemory<byte>.Empty, out _));
    }

    [Fact]
    public void LastOccurrenceWins()
    {
        Assert.Equal(InstructionDecodeResult.Ok, InstructionCodec.Decode(Convert.FromHexString("080118050802"), out var inst));
        Assert.Equal(2u, inst.ProtocolVersion);
        Assert.Equal(5UL, inst.NewNum);
    }

    [Fact]
    public void KeystrokeVectorAndMerging()
    {
        var w = new UserMessageWriter();
        w.AddKeys("l"u8);
        w.AddKeys("s"u8);
        w.AddKeys("\r"u8);
        Assert.Equal("0a07120522036c730d", Hex(w.Written));
        w.Reset();
        w.AddKeys("a"u8);
        w.AddResize(100, 30);
        w.AddKeys("bc"u8);
        w.AddResize(1, 1);
        var r = new UserMessageReader(w.Written);
        Assert.True(r.TryRead(out var e));
        Assert.Equal(UserEventKind.Keystroke, e.Kind);
        Assert.Equal("a"u8.ToArray(), e.Keys.ToArray());
        Assert.True(r.TryRead(out e));
        Assert.Equal((UserEventKind.Resize, 100, 30), (e.Kind, e.Width, e.Height));
        Assert.True(r.TryRead(out e));
        Assert.Equal("bc"u8.ToArray(), e.Keys.ToArray());
        Assert.True(r.TryRead(out e));
        Assert.Equal((1, 1), (e.Width, e.Height));
        Assert.False(r.TryRead(out _));
        Assert.False(r.Malformed);
    }

    [Fact]
    public void UserReaderSkipsEmptyAndUnknownInstructions()
    {
        // instruction {} ; instruction {field 9 varint}; unknown top-level field 2; keystroke "x"
        var r = new UserMessageReader(Convert.FromHexString("0a00" + "0a024801" + "1001" + "0a05120322017a"));
        Assert.True(r.TryRead(out var e));
        Assert.Equal("z"u8.ToArray(), e.Keys.ToArray());
        Assert.False(r.TryRead(out _));
        Assert.False(r.Malformed);
    }

    [Fact]
    public void UserReaderRejectsMalformedNestedMessage()
    {
        var r = new UserMessageReader(Convert.FromHexString("0a0412052203"));
        Assert.False(r.TryRead(out _));
        Assert.True(r.Malformed);
        var r2 = new UserMessageReader(Convert.FromHexString("0a03120122"));  // keys length missing
        Assert.False(r2.TryRead(out _));
        Assert.True(r2.Malformed);
    }

    [Fact]
    public void NegativeResizeRoundTrips()
    {
        var w = new UserMessageWriter();
        w.AddResize(-1, 5);
        var r = new UserMessageReader(w.Written);
        Assert.True(r.TryRead(out var e));
        Assert.Equal(-1, e.Width);
    }

    [Fact]
    public void HostMessageVectorAndReader()
    {
        var content = new HostMessageContent
        {
            HasEchoAck = true, EchoAckNum = 3, HasResize = true, Width = 100, Height = 30, HostBytes = "\x1b[?25l"u8,
        };
        var buf = new byte[HostMessageCodec.GetEncodedLength(content)];
        Assert.Equal(buf.Length, HostMessageCodec.Encode(content, buf));
        Assert.Equal("0a043a0240030a061a042864301e0a0a120822061b5b3f32356c", Hex(buf));

        var r = new HostMessageReader(buf);
        Assert.True(r.TryRead(out var e));
        Assert.Equal((HostEventKind.EchoAck, 3UL), (e.Kind, e.EchoAckNum));
        Assert.True(r.TryRead(out e));
        Assert.Equal((HostEventKind.Resize, 100, 30), (e.Kind, e.Width, e.Height));
        Assert.True(r.TryRead(out e));
        Assert.Equal(HostEventKind.HostBytes, e.Kind);
        Assert.Equal("\x1b[?25l"u8.ToArray(), e.HostBytes.ToArray());
        Assert.False(r.TryRead(out _));
        Assert.False(r.Malformed);
    }

    [Fact]
    public void HostMessageOmitsEmptyParts()
    {
        var content = new HostMessageContent { HasEchoAck = true, EchoAckNum = 3 };
        var buf = new byte[HostMessageCodec.GetEncodedLength(content)];
        HostMessageCodec.Encode(content, buf);
        Assert.Equal("0a043a024003", Hex(buf));
        Assert.Equal(0, HostMessageCodec.GetEncodedLength(new HostMessageContent()));
    }

    [Fact]
    public void HostReaderRejectsGarbage()
    {
        var r = new HostMessageReader(Convert.FromHexString("0a0a1208"));
        Assert.False(r.TryRead(out _));
        Assert.True(r.Malformed);
    }

    [Fact]
    public void VarintSizes()
    {
        Assert.Equal(1, ProtoWriter.VarintSize(0));
        Assert.Equal(1, ProtoWriter.VarintSize(127));
        Assert.Equal(2, ProtoWriter.VarintSize(128));
        Assert.Equal(10, ProtoWriter.VarintSize(ulong.MaxValue));
    }
}
