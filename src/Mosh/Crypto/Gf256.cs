namespace Mosh.Crypto;

/// <summary>Arithmetic in AES's field GF(2^8) modulo x^8 + x^4 + x^3 + x + 1; used to build tables and key schedules.</summary>
internal static class Gf256
{
    public static byte Double(byte a) => (byte)((a << 1) ^ ((a >> 7) * 0x1B));

    public static byte Multiply(byte a, int b)
    {
        int product = 0;
        for (; b != 0; b >>= 1)
        {
            if ((b & 1) != 0)
                product ^= a;
            a = Double(a);
        }
        return (byte)product;
    }
}
