using System.Runtime.CompilerServices;
using Mosh.Crypto;

namespace Mosh.Tests.Crypto;

/// <summary>
/// A cipher whose last use is a call still running must not be finalized (its key zeroed)
/// during that call: the key material is reached through a ref into its array, which keeps the
/// array but not the cipher alive. Here a collector thread forces collections and finalizers
/// while ciphers that nothing else references seal and open large inputs.
/// </summary>
public class OcbFinalizerRaceTests
{
    private const int Length = 256 * 1024;

    [Fact]
    public void AnUnreferencedCipherFinishesItsLastCallWithItsKey()
    {
        var key = new byte[16];
        new Random(42).NextBytes(key);
        var nonce = new byte[12];
        var plain = new byte[Length];
        new Random(43).NextBytes(plain);
        var expected = new byte[Length + 16];
        using (var reference = new OcbCipher(key, AesImplementation.Portable))
            reference.Seal(nonce, plain, expected);

        // Calls enough to have the cipher's methods compiled optimized (where `this` is no longer
        // reported once unused), then the race.
        var small = new byte[64 + 16];
        var smallOpened = new byte[64];
        for (int i = 0; i < 500; i++)
        {
            SealWithAFreshCipher(key, nonce, plain.AsSpan(0, 64).ToArray(), small);
            OpenWithAFreshCipher(key, nonce, small, smallOpened);
            if (i % 100 == 99)
                Thread.Sleep(200);
        }

        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();
        try
        {
            var sealedBytes = new byte[Length + 16];
            var opened = new byte[Length];
            for (int i = 0; i < 40; i++)
            {
                SealWithAFreshCipher(key, nonce, plain, sealedBytes);
                Assert.True(sealedBytes.AsSpan().SequenceEqual(expected), $"round {i}: the seal used a zeroed key");
                Assert.True(OpenWithAFreshCipher(key, nonce, expected, opened), $"round {i}: the open used a zeroed key");
                Assert.True(opened.AsSpan().SequenceEqual(plain));
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join(TimeSpan.FromSeconds(10));
        }
    }

    // Not inlined, and the cipher is never disposed: once the call starts, nothing else refers to it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SealWithAFreshCipher(byte[] key, byte[] nonce, byte[] plain, byte[] destination) =>
        new OcbCipher(key, AesImplementation.Portable).Seal(nonce, plain, destination);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool OpenWithAFreshCipher(byte[] key, byte[] nonce, byte[] input, byte[] destination) =>
        new OcbCipher(key, AesImplementation.Portable).TryOpen(nonce, input, destination);
}
