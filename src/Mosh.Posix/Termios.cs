using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// An opaque <c>struct termios</c> (60 bytes on glibc, 72 on Darwin) held by value. Only the
/// input-flag word is interpreted here; everything else goes through libc (<c>cfmakeraw</c>).
/// </summary>
[InlineArray(Size / sizeof(ulong))]
public struct TerminalMode
{
    internal const int Size = 128; // ≥ every libc's sizeof(struct termios); ulong elements keep it 8-byte aligned
    private ulong _first;

    /// <summary><c>c_iflag</c>: the first field on every libc; low 32 bits read on little-endian hosts.</summary>
    internal uint InputFlags
    {
        readonly get => Unsafe.As<ulong, uint>(ref Unsafe.AsRef(in _first));
        set => Unsafe.As<ulong, uint>(ref _first) = value;
    }

    /// <summary>The raw bytes (for comparing two modes).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> AsBytes() =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<ulong, byte>(ref Unsafe.AsRef(in _first)), Size);

    /// <summary><c>c_lflag</c> (its low 32 bits, where every flag we read lives).</summary>
    internal readonly uint LocalFlags => BitConverter.ToUInt32(AsBytes().Slice(Constants.TermiosLocalFlagsOffset, 4));

    /// <summary><c>c_cc[index]</c>.</summary>
    internal readonly byte ControlChar(int index) => AsBytes()[Constants.TermiosControlCharsOffset + index];

    /// <summary><c>ISIG</c>: the interrupt, quit and suspend characters raise signals.</summary>
    public readonly bool SignalsEnabled => (LocalFlags & Constants.ISIG) != 0;

    /// <summary><c>NOFLSH</c>: those signals do not flush the terminal's queues.</summary>
    public readonly bool NoFlush => (LocalFlags & Constants.NOFLSH) != 0;

    /// <summary>
    /// The characters that raise signals (VINTR, VQUIT, VSUSP, without disabled ones) and the
    /// signal of each, when <see cref="SignalsEnabled"/>; returns how many were written.
    /// </summary>
    public readonly int SignalChars(Span<byte> chars, Span<int> signals)
    {
        if (!SignalsEnabled)
        {
            return 0;
        }
        int n = 0;
        Add(Constants.VINTR, Constants.SIGINT, chars, signals, ref n);
        Add(Constants.VQUIT, Constants.SIGQUIT, chars, signals, ref n);
        Add(Constants.VSUSP, Constants.SIGTSTP, chars, signals, ref n);
        return n;
    }

    private readonly void Add(int index, int signal, Span<byte> chars, Span<int> signals, ref int n)
    {
        byte c = ControlChar(index);
        if (c != Constants.VDISABLE && n < chars.Length && n < signals.Length)
        {
            chars[n] = c;
            signals[n] = signal;
            n++;
        }
    }

    public bool Utf8Input
    {
        readonly get => (InputFlags & Constants.IUTF8) != 0;
        set => InputFlags = value ? InputFlags | Constants.IUTF8 : InputFlags & ~Constants.IUTF8;
    }

    /// <summary><c>cfmakeraw</c> plus <c>IUTF8</c>: the client's raw mode (the kernel still
    /// knows input is UTF-8, so erase works on characters if anything flips back to cooked).</summary>
    public unsafe void MakeRaw()
    {
        fixed (ulong* p = &_first)
        {
            LibC.CfMakeRaw(p);
        }
        Utf8Input = true;
    }
}

/// <summary><c>tcgetattr</c>/<c>tcsetattr</c>/<c>tcflush</c>.</summary>
public static unsafe class Termios
{
    public static Errno Get(int fd, out TerminalMode mode)
    {
        mode = default;
        fixed (TerminalMode* p = &mode)
        {
            return LibC.TcGetAttr(fd, p) == 0 ? Errno.None : Errno.Last;
        }
    }

    /// <summary><c>tcsetattr(TCSANOW)</c>, retried on <c>EINTR</c>.</summary>
    public static Errno Set(int fd, in TerminalMode mode)
    {
        fixed (TerminalMode* p = &mode)
        {
            while (LibC.TcSetAttr(fd, Constants.TCSANOW, p) != 0)
            {
                Errno e = Errno.Last;
                if (!e.IsInterrupted)
                {
                    return e;
                }
            }
            return Errno.None;
        }
    }

    /// <summary>Sets <c>IUTF8</c> on a terminal (the server does this on its pty).</summary>
    public static Errno SetUtf8Input(int fd)
    {
        Errno e = Get(fd, out TerminalMode mode);
        if (e.IsError)
        {
            return e;
        }
        if (mode.Utf8Input)
        {
            return Errno.None;
        }
        mode.Utf8Input = true;
        return Set(fd, mode);
    }

    /// <summary>Discards unread input (<c>tcflush(TCIFLUSH)</c>).</summary>
    public static Errno FlushInput(int fd) => LibC.TcFlush(fd, Constants.TCIFLUSH) == 0 ? Errno.None : Errno.Last;

    public static bool IsTerminal(int fd) => LibC.IsATty(fd) == 1;
}
