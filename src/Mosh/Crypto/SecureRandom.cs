using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mosh.Crypto;

/// <summary>
/// The process CSPRNG: Linux <c>getrandom(2)</c>, falling back to <c>/dev/urandom</c> where the call is
/// missing or filtered. Deliberately not <c>RandomNumberGenerator</c>, which on Linux loads OpenSSL.
/// This is the library's one OS call; it sits here because session keys and chaff need it.
/// </summary>
public static partial class SecureRandom
{
    private const int EINTR = 4;
    private const int EPERM = 1;
    private const int ENOSYS = 38;

    private static SafeFileHandle? s_urandom;
    private static bool s_getRandomUnavailable;

    /// <summary>Fills <paramref name="buffer"/> with cryptographically secure random bytes; allocation-free.</summary>
    /// <exception cref="IOException">Neither source could deliver bytes.</exception>
    public static unsafe void Fill(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return;
        int filled = 0;
        if (!s_getRandomUnavailable)
        {
            fixed (byte* start = buffer)
            {
                // Reads of up to 256 bytes are never short once the pool is initialised, but signals can
                // still interrupt larger ones, so loop.
                while (filled < buffer.Length)
                {
                    nint got;
                    try
                    {
                        got = GetRandom(start + filled, (nuint)(buffer.Length - filled), 0);
                    }
                    catch (EntryPointNotFoundException)
                    {
                        // A C library older than getrandom (glibc < 2.25, musl < 1.1.20).
                        s_getRandomUnavailable = true;
                        break;
                    }
                    if (got > 0)
                    {
                        filled += (int)got;
                        continue;
                    }
                    int errno = got < 0 ? Marshal.GetLastPInvokeError() : 0;
                    if (errno == EINTR)
                        continue;
                    if (errno is ENOSYS or EPERM)
                    {
                        s_getRandomUnavailable = true;
                        break;
                    }
                    throw new IOException($"getrandom failed (errno {errno}).");
                }
            }
        }
        if (filled < buffer.Length)
            FillFromDevice(buffer.Slice(filled));
    }

    // Internal so tests can exercise the fallback on machines where getrandom works.
    internal static void FillFromDevice(Span<byte> buffer)
    {
        SafeFileHandle? handle = s_urandom;
        if (handle is null)
        {
            SafeFileHandle opened = File.OpenHandle("/dev/urandom", FileMode.Open, FileAccess.Read);
            handle = Interlocked.CompareExchange(ref s_urandom, opened, null) ?? opened;
            if (handle != opened)
                opened.Dispose();
        }
        while (!buffer.IsEmpty)
        {
            int got = RandomAccess.Read(handle, buffer, 0);
            if (got <= 0)
                throw new IOException("Could not read from /dev/urandom.");
            buffer = buffer.Slice(got);
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "getrandom", SetLastError = true)]
    private static unsafe partial nint GetRandom(byte* buffer, nuint length, uint flags);
}
