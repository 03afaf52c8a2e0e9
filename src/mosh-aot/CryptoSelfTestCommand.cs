using Mosh.Crypto;

namespace MoshAot;

/// <summary>
/// <c>mosh-aot selftest-crypto</c>: checks, on the machine it runs on, every AES path
/// the CPU supports (AES-NI, ARM AES, and the portable constant-time bitsliced path) against
/// RFC 7253's vectors and against the portable path on pseudo-random messages. Paths differ by
/// architecture, and a wrong one would only show as "Packet failed integrity check", so this is
/// how a new host is verified. Prints one line per path, then the path sessions select on this
/// CPU (chosen exactly as mosh-server and mosh-client choose it); exit status 0 only if every
/// supported path passes.
/// </summary>
internal static class CryptoSelfTestCommand
{
    // RFC 7253 appendix A, key 000102…0F, nonce BBAA99887766554433221103, 8-byte plaintext, no AD.
    private static ReadOnlySpan<byte> VectorNonce => [0xBB, 0xAA, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x03];
    private static ReadOnlySpan<byte> VectorCiphertext =>
        [0x45, 0xDD, 0x69, 0xF8, 0xF5, 0xAA, 0xE7, 0x24, 0x14, 0x05, 0x4C, 0xD1, 0xF3, 0x5D, 0x82, 0x76, 0x0B, 0x2C, 0xD0, 0x0D, 0x2F, 0x99, 0xBF, 0xA9];

    public static int Run()
    {
        int failures = 0;
        foreach (AesImplementation impl in (AesImplementation[])[AesImplementation.Portable, AesImplementation.X86AesNi, AesImplementation.Arm])
        {
            if (!OcbCipher.IsSupported(impl))
            {
                Cli.StdIo.Out.Write($"--   {impl}: not supported by this CPU\n");
                continue;
            }
            bool ok = Check(impl, out string detail);
            string kind = impl == AesImplementation.Portable ? " (constant-time, bitsliced)" : "";
            Cli.StdIo.Out.Write($"{(ok ? "ok  " : "FAIL")} {impl}{kind}{detail}\n");
            if (!ok) failures++;
        }
        // Built the way the sessions build theirs (AesImplementation.Auto), so this is the path they run.
        using var session = new OcbCipher(new byte[16]);
        Cli.StdIo.Out.Write($"sessions use: {session.Implementation}\n");
        return failures == 0 ? 0 : 1;
    }

    private static bool Check(AesImplementation impl, out string detail)
    {
        detail = "";
        var key = new byte[16];
        for (int i = 0; i < 16; i++) key[i] = (byte)i;
        using var cipher = new OcbCipher(key, impl);
        var output = new byte[24];
        cipher.Seal(VectorNonce, [0, 1, 2, 3, 4, 5, 6, 7], output);
        if (!output.AsSpan().SequenceEqual(VectorCiphertext))
        {
            detail = ": RFC 7253 vector mismatch";
            return false;
        }

        // Against the portable path: many lengths, so the multi-block and tail code all run.
        var random = new Random(7253);
        var nonce = new byte[12];
        for (int length = 0; length <= 1500; length += 7)
        {
            random.NextBytes(key);
            random.NextBytes(nonce);
            using var a = new OcbCipher(key, impl);
            using var b = new OcbCipher(key, AesImplementation.Portable);
            var message = new byte[length];
            random.NextBytes(message);
            var sealedA = new byte[length + 16];
            var sealedB = new byte[length + 16];
            a.Seal(nonce, message, sealedA);
            b.Seal(nonce, message, sealedB);
            var opened = new byte[length];
            if (!sealedA.AsSpan().SequenceEqual(sealedB) || !a.TryOpen(nonce, sealedA, opened) || !opened.AsSpan().SequenceEqual(message))
            {
                detail = $": differs from the portable path at {length} bytes";
                return false;
            }
        }
        return true;
    }
}
