using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Mosh.Crypto;

namespace Mosh.Bench.Crypto;

/// <summary>
/// The AES block functions per path: one block, a batch of eight each way, and the key schedule.
/// The portable path is bitsliced, so one block costs a whole batch of eight.
/// </summary>
[MemoryDiagnoser]
public class AesBenchmarks
{
    [ParamsSource(nameof(Paths))]
    public AesImplementation Path { get; set; }

    public static IEnumerable<AesImplementation> Paths()
    {
        yield return AesImplementation.Portable;
        if (OcbCipher.IsSupported(AesImplementation.X86AesNi))
            yield return AesImplementation.X86AesNi;
        if (OcbCipher.IsSupported(AesImplementation.Arm))
            yield return AesImplementation.Arm;
    }

    private readonly byte[] _key = new byte[16];
    private AesKeySchedule _schedule;
    private Vector128<byte> _b0, _b1, _b2, _b3, _b4, _b5, _b6, _b7;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_key);
        ExpandKey();
        _b0 = Vector128.Create((byte)1); _b1 = Vector128.Create((byte)2); _b2 = Vector128.Create((byte)3); _b3 = Vector128.Create((byte)4);
        _b4 = Vector128.Create((byte)5); _b5 = Vector128.Create((byte)6); _b6 = Vector128.Create((byte)7); _b7 = Vector128.Create((byte)8);
    }

    [Benchmark]
    public void ExpandKey()
    {
        switch (Path)
        {
            case AesImplementation.X86AesNi: Aes128AesNi.ExpandKey(_key, ref _schedule); break;
            case AesImplementation.Arm: Aes128Arm.ExpandKey(_key, ref _schedule); break;
            default: Aes128Portable.ExpandKey(_key, ref _schedule); break;
        }
    }

    [Benchmark]
    public Vector128<byte> Encrypt1() => _b0 = Path switch
    {
        AesImplementation.X86AesNi => Aes128AesNi.Encrypt(_b0, in _schedule),
        AesImplementation.Arm => Aes128Arm.Encrypt(_b0, in _schedule),
        _ => Aes128Portable.Encrypt(_b0, in _schedule),
    };

    [Benchmark]
    public void Encrypt8()
    {
        switch (Path)
        {
            case AesImplementation.X86AesNi: Aes128AesNi.Encrypt8(ref _b0, ref _b1, ref _b2, ref _b3, ref _b4, ref _b5, ref _b6, ref _b7, in _schedule); break;
            case AesImplementation.Arm: Aes128Arm.Encrypt8(ref _b0, ref _b1, ref _b2, ref _b3, ref _b4, ref _b5, ref _b6, ref _b7, in _schedule); break;
            default: Aes128Portable.Encrypt8(ref _b0, ref _b1, ref _b2, ref _b3, ref _b4, ref _b5, ref _b6, ref _b7, in _schedule); break;
        }
    }

    [Benchmark]
    public void Decrypt8()
    {
        switch (Path)
        {
            case AesImplementation.X86AesNi: Aes128AesNi.Decrypt8(ref _b0, ref _b1, ref _b2, ref _b3, ref _b4, ref _b5, ref _b6, ref _b7, in _schedule); break;
            case AesImplementation.Arm: Aes128Arm.Decrypt8(ref _b0, ref _b1, ref _b2, ref _b3, ref _b4, ref _b5, ref _b6, ref _b7, in _schedule); break;
            default: Aes128Portable.Decrypt8(ref _b0, ref _b1, ref _b2, ref _b3, ref _b4, ref _b5, ref _b6, ref _b7, in _schedule); break;
        }
    }
}
