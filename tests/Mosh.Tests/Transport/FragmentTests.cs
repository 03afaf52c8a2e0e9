using Mosh.Network;
using Mosh.Transport;

namespace Mosh.Tests.Transport;

public class FragmentTests
{
    private static byte[] Data(int n, int seed = 1)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static List<byte[]> Cut(byte[] compressed, ulong id, int mtu)
    {
        int count = Fragmenter.FragmentCount(compressed.Length, mtu);
        var list = new List<byte[]>();
        var buf = new byte[mtu];
        for (int i = 0; i < count; i++)
        {
            int n = Fragmenter.WriteFragment(compressed, id, i, mtu, buf);
            list.Add(buf.AsSpan(0, n).ToArray());
        }
        return list;
    }

    [Fact]
    public void HeaderLayoutIsIdThenFinalBitAndNumber()
    {
        var b = new byte[10];
        new FragmentHeader(0x0102030405060708, 5, final: true).Write(b);
        Assert.Equal(Convert.FromHexString("01020304050607088005"), b);
        Assert.True(FragmentHeader.TryRead(b, out var h, out var contents));
        Assert.Equal(0x0102030405060708UL, h.InstructionId);
        Assert.Equal(5, h.Number);
        Assert.True(h.Final);
        Assert.True(contents.IsEmpty);
        Assert.False(FragmentHeader.TryRead(b.AsSpan(0, 9), out _, out _));
    }

    [Fact]
    public void CutsAtMtuMinus38()
    {
        var data = Data(1490);
        var frags = Cut(data, 1, Mtu.IPv4DatagramMtu);
        Assert.Equal(2, frags.Count);
        Assert.Equal(1214 + 10, frags[0].Length);   // 1252-byte datagram
        Assert.Equal(276 + 10, frags[1].Length);
        Assert.Equal(0x00, frags[0][8]);
        Assert.Equal(0x80, frags[1][8]);
        Assert.Equal(1, frags[1][9]);
    }

    [Fact]
    public void ExactMultipleHasNoEmptyTail()
    {
        Assert.Equal(2, Fragmenter.FragmentCount(2 * 1214, 1252));
        Assert.Equal(1, Fragmenter.FragmentCount(0, 1252));
        Assert.Equal(0, Fragmenter.FragmentCount(32768 * 1214 + 1, 1252));
        Assert.Equal(0, Fragmenter.FragmentCount(10, 38));
    }

    [Fact]
    public void IdsStartAtOneAndAreReusedOnlyForIdenticalInstructions()
    {
        var f = new Fragmenter();
        var inst = new Instruction { ProtocolVersion = 2, OldNum = 0, NewNum = 1, Chaff = new byte[] { 1, 2 } };
        Assert.Equal(1UL, f.AssignId(inst, 1252));
        Assert.Equal(1UL, f.AssignId(inst, 1252));
        inst.Chaff = new byte[] { 1, 3 };
        Assert.Equal(2UL, f.AssignId(inst, 1252));
        Assert.Equal(3UL, f.AssignId(inst, 500));
        inst.AckNum = 9;
        Assert.Equal(4UL, f.AssignId(inst, 500));
        inst.Diff = new byte[] { 9 }; // upstream does not compare the diff
        Assert.Equal(4UL, f.AssignId(inst, 500));
        inst.Chaff = new byte[17];
        Assert.Equal(5UL, f.AssignId(inst, 500));
        Assert.Equal(6UL, f.AssignId(inst, 500)); // too long to compare: always new
    }

    [Fact]
    public void ReassemblesInOrder()
    {
        var data = Data(3000);
        var asm = new FragmentAssembly();
        var frags = Cut(data, 7, 500);
        for (int i = 0; i < frags.Count - 1; i++)
            Assert.Equal(FragmentResult.Stored, asm.Add(frags[i]));
        Assert.Equal(FragmentResult.Completed, asm.Add(frags[^1]));
        Assert.Equal(data, asm.Completed.ToArray());
    }

    [Fact]
    public void ReassemblesReorderedWithDuplicates()
    {
        var data = Data(5000, 3);
        var frags = Cut(data, 42, 500);
        var order = new List<int>();
        for (int i = frags.Count - 1; i >= 0; i--)
            order.Add(i);
        var asm = new FragmentAssembly();
        Assert.Equal(FragmentResult.Stored, asm.Add(frags[order[0]]));
        Assert.Equal(FragmentResult.Duplicate, asm.Add(frags[order[0]]));
        for (int k = 1; k < order.Count - 1; k++)
        {
            Assert.Equal(FragmentResult.Stored, asm.Add(frags[order[k]]));
            Assert.Equal(FragmentResult.Duplicate, asm.Add(frags[order[k]]));
        }
        Assert.Equal(FragmentResult.Completed, asm.Add(frags[order[^1]]));
        Assert.Equal(data, asm.Completed.ToArray());
    }

    [Fact]
    public void LossMeansNoDelivery()
    {
        var frags = Cut(Data(2000), 3, 500);
        var asm = new FragmentAssembly();
        for (int i = 0; i < frags.Count; i++)
            if (i != 2)
                Assert.NotEqual(FragmentResult.Completed, asm.Add(frags[i]));
        Assert.True(asm.Completed.IsEmpty);
    }

    [Fact]
    public void NewIdDiscardsStalePartial()
    {
        var a = Data(2000, 1);
        var b = Data(2000, 2);
        var fa = Cut(a, 10, 500);
        var fb = Cut(b, 11, 500);
        var asm = new FragmentAssembly();
        asm.Add(fa[0]);
        asm.Add(fa[1]);
        asm.Add(fb[0]);                         // interleaving: instruction 10 is lost
        for (int i = 2; i < fa.Count; i++)
            Assert.NotEqual(FragmentResult.Completed, asm.Add(fa[i]));
        // id 10 restarted with only its tail; now id 11 again restarts and completes.
        FragmentResult last = default;
        foreach (var f in fb)
            last = asm.Add(f);
        Assert.Equal(FragmentResult.Completed, last);
        Assert.Equal(b, asm.Completed.ToArray());
    }

    [Fact]
    public void SingleFragmentCompletesAndSameIdCanRepeat()
    {
        var data = Data(100);
        var frag = Cut(data, 5, 1252)[0];
        var asm = new FragmentAssembly();
        Assert.Equal(FragmentResult.Completed, asm.Add(frag));
        Assert.Equal(FragmentResult.Completed, asm.Add(frag)); // retransmission: idempotent upstream too
        Assert.Equal(data, asm.Completed.ToArray());
    }

    [Fact]
    public void ShortFragmentIsRejected()
    {
        var asm = new FragmentAssembly();
        Assert.Equal(FragmentResult.TooShort, asm.Add(new byte[9]));
        Assert.Equal(FragmentResult.TooShort, asm.Add([]));
    }

    [Fact]
    public void FinalBelowHeldNumberIsInconsistent()
    {
        var asm = new FragmentAssembly();
        var f5 = new byte[20];
        new FragmentHeader(1, 5, false).Write(f5);
        var f2 = new byte[20];
        new FragmentHeader(1, 2, true).Write(f2);
        Assert.Equal(FragmentResult.Stored, asm.Add(f5));
        Assert.Equal(FragmentResult.Inconsistent, asm.Add(f2));
        Assert.Equal(FragmentResult.Ignored, asm.Add(f5));
        var g = new byte[20];
        new FragmentHeader(2, 0, true).Write(g);
        Assert.Equal(FragmentResult.Completed, asm.Add(g));
    }

    [Fact]
    public void GapBelowFinalDoesNotComplete()
    {
        var asm = new FragmentAssembly();
        var f0 = new byte[12]; new FragmentHeader(1, 0, false).Write(f0);
        var f2 = new byte[12]; new FragmentHeader(1, 2, false).Write(f2);
        var f1 = new byte[12]; new FragmentHeader(1, 1, true).Write(f1);
        asm.Add(f0);
        asm.Add(f2);
        Assert.Equal(FragmentResult.Inconsistent, asm.Add(f1)); // final 1 but 2 is held
    }

    [Fact]
    public void AbsurdTotalSizeIsRejectedWithBoundedMemory()
    {
        var asm = new FragmentAssembly();
        var frag = new byte[2010];
        FragmentResult r = FragmentResult.Stored;
        int n = 0;
        for (; n < 32767 && r == FragmentResult.Stored; n++)
        {
            new FragmentHeader(99, (ushort)n, false).Write(frag);
            r = asm.Add(frag);
        }
        Assert.Equal(FragmentResult.TooLarge, r);
        Assert.True(n * 2000L <= FragmentAssembly.MaxCompressedLength + 4000);
        new FragmentHeader(99, 40000 & 0x7FFF, true).Write(frag);
        Assert.Equal(FragmentResult.Ignored, asm.Add(frag));
    }

    [Fact]
    public void HighFragmentNumberAloneIsStoredNotCompleted()
    {
        var asm = new FragmentAssembly();
        var f = new byte[11];
        new FragmentHeader(1, 32767, true).Write(f);
        Assert.Equal(FragmentResult.Stored, asm.Add(f));
    }
}
