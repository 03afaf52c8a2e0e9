using System.Runtime.CompilerServices;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Testing;
using Mosh.Transport;

namespace Mosh.Tests.Crypto;

/// <summary>
/// Key material lives in pinned arrays and is zeroed when the session ends: the cipher's schedule
/// (round keys of every path, the bitsliced keys, the L table, the cached stretches) when it is
/// disposed, directly or through the pipeline and connection that own it.
/// </summary>
public class KeyZeroingTests
{
    public static TheoryData<AesImplementation> Implementations => AesImplementations.All;

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_storage")]
    private static extern ref byte[]? Storage(OcbCipher cipher);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_cipher")]
    private static extern ref OcbCipher PipelineCipher(PacketPipeline pipeline);

    [SkippableTheory]
    [MemberData(nameof(Implementations))]
    public void DisposeZeroesEveryByteOfTheCipherState(AesImplementation implementation)
    {
        AesImplementations.SkipUnlessSupported(implementation);
        var cipher = new OcbCipher(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), implementation);
        var sealedBytes = new byte[40];
        cipher.Seal(new byte[12], new byte[24], sealedBytes); // fills the stretch cache too
        byte[] storage = Storage(cipher)!;
        Assert.True(storage.Count(b => b != 0) > 300, "the key schedule should fill the storage");

        cipher.Dispose();
        Assert.True(cipher.IsDisposed);
        Assert.All(storage, b => Assert.Equal(0, b));
        Assert.Null(Storage(cipher));
        Assert.Throws<ObjectDisposedException>(() => cipher.Seal(new byte[12], new byte[24], sealedBytes));
        Assert.Throws<ObjectDisposedException>(() => cipher.TryOpen(new byte[12], sealedBytes, new byte[24]));
        cipher.Dispose(); // idempotent
    }

    [Fact]
    public void PipelineDisposeZeroesItsCipher()
    {
        var pipeline = new PacketPipeline(new OcbCipher(new byte[16]), Direction.ToServer);
        OcbCipher cipher = PipelineCipher(pipeline);
        byte[] storage = Storage(cipher)!;
        pipeline.Dispose();
        Assert.True(cipher.IsDisposed);
        Assert.All(storage, b => Assert.Equal(0, b));
    }

    [Fact]
    public void EndingAConnectionZeroesBothSidesKeys()
    {
        var harness = new ConnectionHarness<BlobState, BlobState>(new BlobState(), new BlobState(), new BlobState(), new BlobState());
        harness.Client.CurrentState.Set("hello"u8);
        Assert.True(harness.RunUntil(10_000, () => harness.Server.RemoteState.ContentEquals(harness.Client.CurrentState)));
        OcbCipher client = PipelineCipher(harness.ClientConnection.Pipeline);
        OcbCipher server = PipelineCipher(harness.ServerConnection.Pipeline);
        byte[] clientStorage = Storage(client)!, serverStorage = Storage(server)!;
        harness.Dispose();
        Assert.All(clientStorage, b => Assert.Equal(0, b));
        Assert.All(serverStorage, b => Assert.Equal(0, b));
    }
}
