using BenchmarkDotNet.Attributes;
using Mosh.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Mosh.Bench.Crypto;

/// <summary>
/// OCB seal/open of one packet at mosh-sized lengths, per AES path, with BouncyCastle as the baseline.
/// Nonces advance like mosh's sequence numbers, so the Ktop cache hits as it does in a session.
/// </summary>
[MemoryDiagnoser]
public class OcbBenchmarks
{
    public enum Engine { Portable, X86AesNi, Arm, BouncyCastle }

    [Params(64, 256, 1024, 1400)]
    public int Size { get; set; }

    [ParamsSource(nameof(Engines))]
    public Engine Path { get; set; }

    public static IEnumerable<Engine> Engines()
    {
        yield return Engine.Portable;
        if (OcbCipher.IsSupported(AesImplementation.X86AesNi))
            yield return Engine.X86AesNi;
        if (OcbCipher.IsSupported(AesImplementation.Arm))
            yield return Engine.Arm;
        yield return Engine.BouncyCastle;
    }

    private readonly byte[] _key = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private byte[] _plain = [];
    private byte[] _sealed = [];
    private byte[] _sealOutput = [];
    private byte[] _opened = [];
    private OcbCipher? _cipher;
    private OcbBlockCipher? _bouncy;
    private AeadParameters? _bouncyParameters;
    private AeadParameters? _bouncyParametersOdd;
    private ulong _sequence;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_key);
        _plain = new byte[Size];
        new Random(43).NextBytes(_plain);
        _sealed = new byte[Size + OcbCipher.TagLength];
        _sealOutput = new byte[Size + OcbCipher.TagLength];
        _opened = new byte[Size];
        if (Path == Engine.BouncyCastle)
        {
            _bouncy = new OcbBlockCipher(new AesEngine(), new AesEngine());
            _bouncyParameters = new AeadParameters(new KeyParameter(_key), 128, _nonce);
            byte[] oddNonce = (byte[])_nonce.Clone();
            oddNonce[11] = 1;
            _bouncyParametersOdd = new AeadParameters(new KeyParameter(_key), 128, oddNonce);
            _bouncy.Init(true, _bouncyParameters);
            int n = _bouncy.ProcessBytes(_plain, 0, _plain.Length, _sealed, 0);
            _bouncy.DoFinal(_sealed, n);
        }
        else
        {
            _cipher = new OcbCipher(_key, Path switch
            {
                Engine.X86AesNi => AesImplementation.X86AesNi,
                Engine.Arm => AesImplementation.Arm,
                _ => AesImplementation.Portable,
            });
            _cipher.Seal(_nonce, _plain, _sealed);
        }
    }

    [Benchmark]
    public void Seal()
    {
        if (_cipher is not null)
        {
            // Seal walks the sequence like a sender; Open keeps to the packet sealed in setup.
            Span<byte> nonce = stackalloc byte[12];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonce.Slice(4), ++_sequence);
            _cipher.Seal(nonce, _plain, _sealOutput);
            return;
        }
        // BouncyCastle refuses to encrypt twice in a row under one nonce, so alternate two.
        _bouncy!.Init(true, (++_sequence & 1) == 0 ? _bouncyParameters : _bouncyParametersOdd);
        int n = _bouncy.ProcessBytes(_plain, 0, _plain.Length, _sealOutput, 0);
        _bouncy.DoFinal(_sealOutput, n);
    }

    [Benchmark]
    public bool Open()
    {
        if (_cipher is not null)
            return _cipher.TryOpen(_nonce, _sealed, _opened);
        _bouncy!.Init(false, _bouncyParameters);
        int n = _bouncy.ProcessBytes(_sealed, 0, _sealed.Length, _opened, 0);
        return _bouncy.DoFinal(_opened, n) == 0;
    }
}
