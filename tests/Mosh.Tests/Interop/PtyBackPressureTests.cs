using System.Text;
using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// Our server's pty write queue under a program that does not read (protocol §5.1.2). A paste
/// larger than any queue waits in the user stream and arrives whole once the program reads
/// (it was truncated at 1 MiB before); an interrupt typed behind a stuck paste reaches the
/// program at once, and the keys waiting before it are dropped as the terminal's own flush
/// would drop them. Both with our client and with upstream's.
/// </summary>
[Trait("Category", "Interop")]
public class PtyBackPressureTests
{
    public static TheoryData<Impl> Clients => new() { Impl.Ours, Impl.Upstream };

    /// <summary>Lines of 63 printable characters and a newline.</summary>
    private static byte[] Lines(int bytes)
    {
        var data = new byte[bytes];
        for (int i = 0; i < bytes; i++) data[i] = i % 64 == 63 ? (byte)'\n' : (byte)('a' + i % 26);
        return data;
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void APasteLargerThanTheQueueArrivesWholeWhenTheProgramReadsLate(Impl client)
    {
        using var s = MoshSession.Start(Impl.Ours, client);
        // The program reads nothing for 3 s, then counts what it is given until ^D.
        s.Command("stty -echo; echo counting; sleep 3; wc -c; stty echo");
        Assert.True(s.WaitForLine("counting", TimeSpan.FromSeconds(10), out string screen), screen);
        const int size = 3 << 20; // well past the old 1 MiB cap
        s.Tmux.Paste(Lines(size));
        s.Tmux.Keys("C-d");
        Assert.True(s.WaitForLine(size.ToString(), TimeSpan.FromSeconds(90), out screen), $"expected {size} bytes:\n{screen}");
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void AnInterruptGetsPastAStuckPaste(Impl client)
    {
        using var s = MoshSession.Start(Impl.Ours, client);
        s.Command("sh -c 'trap \"echo interrupted\" INT; echo stuck-$((2*3)); sleep 600; read -r x; echo \"next=$x\"'");
        Assert.True(s.WaitForLine("stuck-6", TimeSpan.FromSeconds(10), out string screen), screen);
        // Nobody reads it. (Upstream's client needs minutes and gigabytes for 2 MiB: it gets less.)
        s.Tmux.Paste(Lines(client == Impl.Ours ? 2 << 20 : 256 << 10));
        Thread.Sleep(2000);
        s.Tmux.Keys("C-c");
        // The terminal echoes ^C after the last pasted characters it took, then the trap speaks.
        Assert.True(s.Tmux.WaitFor(x => x.Split('\n').Any(l => l.TrimEnd().EndsWith("^Cinterrupted", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), out screen), "the interrupt did not arrive:\n" + screen);
        // What was pasted before the interrupt is gone; what is typed after it is read.
        s.Command("hello");
        Assert.True(s.WaitForLine("next=hello", TimeSpan.FromSeconds(20), out screen), screen);
    }
}
