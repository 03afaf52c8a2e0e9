using System.Runtime.InteropServices;
using System.Text;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// A POSIX error number (0 = success) with its <c>strerror</c> text. Failing calls in this
/// layer return an <see cref="Errno"/> instead of throwing, so hot paths stay exception-free.
/// </summary>
public readonly struct Errno : IEquatable<Errno>
{
    private static readonly string?[] s_messages = new string?[160];

    public Errno(int value) => Value = value;

    /// <summary>The raw errno value; 0 means no error.</summary>
    public int Value { get; }

    public bool IsError => Value != 0;

    public static Errno None => default;

    /// <summary>The calling thread's errno as saved by the last <c>SetLastError = true</c> import.</summary>
    public static Errno Last => new(Marshal.GetLastPInvokeError());

    public static Errno EINTR => new(Constants.EINTR);
    public static Errno EAGAIN => new(Constants.EAGAIN);
    public static Errno EIO => new(Constants.EIO);
    public static Errno EBADF => new(Constants.EBADF);
    public static Errno EINVAL => new(Constants.EINVAL);
    public static Errno EMSGSIZE => new(Constants.EMSGSIZE);
    public static Errno EADDRINUSE => new(Constants.EADDRINUSE);

    public bool IsWouldBlock => Value == Constants.EAGAIN;
    public bool IsInterrupted => Value == Constants.EINTR;

    /// <summary>The <c>strerror</c> text, e.g. "Network is unreachable". Cached per value, so
    /// repeated failures of the same kind do not allocate.</summary>
    public string Message
    {
        get
        {
            int v = Value;
            if ((uint)v < (uint)s_messages.Length)
            {
                return s_messages[v] ??= Describe(v);
            }
            return Describe(v);
        }
    }

    /// <summary>Writes the <c>strerror</c> text as UTF-8 (no NUL) without allocating.</summary>
    public unsafe int WriteMessage(Span<byte> destination)
    {
        byte* buffer = stackalloc byte[256];
        if (LibC.StrErrorR(Value, buffer, 256) != 0)
        {
            return Encoding.UTF8.GetBytes(Message, destination);
        }
        var text = new ReadOnlySpan<byte>(buffer, 256);
        text = text[..text.IndexOf((byte)0)];
        int n = Math.Min(text.Length, destination.Length);
        text[..n].CopyTo(destination);
        return n;
    }

    private static unsafe string Describe(int value)
    {
        byte* buffer = stackalloc byte[256];
        if (LibC.StrErrorR(value, buffer, 256) != 0)
        {
            return "Unknown error " + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Marshal.PtrToStringUTF8((nint)buffer) ?? string.Empty;
    }

    public bool Equals(Errno other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is Errno other && Equals(other);
    public override int GetHashCode() => Value;
    public static bool operator ==(Errno left, Errno right) => left.Value == right.Value;
    public static bool operator !=(Errno left, Errno right) => left.Value != right.Value;
    public override string ToString() => Message;

    /// <summary>Throws <see cref="PosixException"/> with "<paramref name="operation"/>: message" when this is an error.</summary>
    public void ThrowIfError(string operation)
    {
        if (Value != 0)
        {
            throw new PosixException(operation, this);
        }
    }
}

/// <summary>For setup paths where failure is fatal; the message reads like perror: "bind: Address already in use".</summary>
public sealed class PosixException(string operation, Errno error)
    : Exception(operation + ": " + error.Message)
{
    public string Operation { get; } = operation;
    public Errno Error { get; } = error;
}
