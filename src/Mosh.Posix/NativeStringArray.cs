using System.Runtime.InteropServices;
using System.Text;

namespace Mosh.Posix;

/// <summary>A NUL-terminated <c>char*[]</c> of UTF-8 strings in native memory (argv, envp), freed on dispose.</summary>
internal unsafe struct NativeStringArray : IDisposable
{
    private byte** _items;
    private int _count;

    public NativeStringArray(ReadOnlySpan<string> strings)
    {
        _count = strings.Length;
        _items = (byte**)NativeMemory.AllocZeroed((nuint)(strings.Length + 1), (nuint)sizeof(byte*));
        for (int i = 0; i < strings.Length; i++)
        {
            _items[i] = NativeUtf8(strings[i]);
        }
    }

    public readonly byte** Pointer => _items;

    public static byte* NativeUtf8(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        byte* p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        p[n] = 0;
        return p;
    }

    public void Dispose()
    {
        if (_items == null)
        {
            return;
        }
        for (int i = 0; i < _count; i++)
        {
            NativeMemory.Free(_items[i]);
        }
        NativeMemory.Free(_items);
        _items = null;
    }
}
