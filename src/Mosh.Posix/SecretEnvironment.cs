using System.Runtime.InteropServices;
using System.Text;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// Takes a secret (MOSH_KEY) out of the process environment the way upstream's client does:
/// read with <c>getenv</c>, then <c>unsetenv</c>, so nothing started later inherits it. The value
/// is copied into the caller's buffer and never becomes a managed string; .NET's own copy of the
/// environment is not touched, because building it would copy the secret into the heap.
/// </summary>
/// <remarks>
/// As with upstream, <c>/proc/&lt;pid&gt;/environ</c> still shows the environment the process
/// was started with: the kernel reads the original block, which <c>unsetenv</c> does not change.
/// </remarks>
public static class SecretEnvironment
{
    /// <summary>
    /// Copies the value of <paramref name="name"/> into <paramref name="destination"/> (as much as fits),
    /// sets <paramref name="length"/> to its full length, and removes the variable. False if it is not set.
    /// </summary>
    public static unsafe bool Take(string name, Span<byte> destination, out int length)
    {
        byte[] nameZ = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* n = nameZ)
        {
            byte* value = LibC.GetEnv(n);
            if (value == null)
            {
                length = 0;
                return false;
            }
            ReadOnlySpan<byte> text = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value);
            length = text.Length;
            text[..Math.Min(text.Length, destination.Length)].CopyTo(destination);
            LibC.UnsetEnv(n);
        }
        return true;
    }
}
