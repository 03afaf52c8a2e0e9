using System.Buffers.Binary;
using System.Text;

namespace Mosh.Posix;

/// <summary>
/// One compiled terminfo entry (the <c>term(5)</c> binary format), holding the raw file and the
/// offsets of its sections. Both the legacy format (magic 0432, 16-bit numbers) and the extended
/// one (magic 01036, 32-bit numbers) are read. Only standard capabilities are looked up; the
/// extended-names section that may follow is ignored. Malformed files give null, never an exception.
/// </summary>
public sealed class TerminfoEntry
{
    // Indices into the standard capability arrays (order of ncurses' Caps / term.h).
    public const int BoolGenericType = 6;       // gn
    public const int BoolHardCopy = 7;          // hc
    public const int BoolBackColorErase = 28;   // bce
    public const int NumberColumns = 0;         // cols
    public const int NumberLines = 2;           // lines
    public const int NumberColors = 13;         // colors
    public const int StringClearScreen = 5;     // clear
    public const int StringCursorAddress = 10;  // cup
    public const int StringCursorDown = 11;     // cud1
    public const int StringCursorHome = 12;     // home
    public const int StringEnterCaMode = 28;    // smcup
    public const int StringEraseChars = 37;     // ech
    public const int StringExitCaMode = 40;     // rmcup

    private const int LegacyMagic = 0x011A;     // 0432
    private const int ExtendedMagic = 0x021E;   // 01036

    private readonly byte[] _data;
    private readonly int _boolOffset, _boolCount;
    private readonly int _numberOffset, _numberCount, _numberSize;
    private readonly int _stringOffset, _stringCount;
    private readonly int _tableOffset, _tableSize;

    private TerminfoEntry(byte[] data, string names, int boolOffset, int boolCount, int numberOffset, int numberCount,
        int numberSize, int stringOffset, int stringCount, int tableOffset, int tableSize)
    {
        _data = data;
        Names = names;
        _boolOffset = boolOffset;
        _boolCount = boolCount;
        _numberOffset = numberOffset;
        _numberCount = numberCount;
        _numberSize = numberSize;
        _stringOffset = stringOffset;
        _stringCount = stringCount;
        _tableOffset = tableOffset;
        _tableSize = tableSize;
    }

    /// <summary>The names line, e.g. <c>xterm-256color|xterm with 256 colors</c>.</summary>
    public string Names { get; }

    /// <summary><c>colors</c>, or -1 when absent (what <c>tigetnum</c> reports and <c>mosh-client -c</c> prints).</summary>
    public int Colors => GetNumber(NumberColors);

    /// <summary><c>bce</c>: erasing fills with the current background colour.</summary>
    public bool BackColorErase => GetFlag(BoolBackColorErase);

    /// <summary>The terminal has <c>ech</c> (erase characters).</summary>
    public bool HasEraseChars => HasString(StringEraseChars);

    /// <summary><c>smcup</c> (enter the alternate screen); empty when absent.</summary>
    public ReadOnlySpan<byte> EnterCaMode => GetString(StringEnterCaMode);

    /// <summary><c>rmcup</c> (leave the alternate screen); empty when absent.</summary>
    public ReadOnlySpan<byte> ExitCaMode => GetString(StringExitCaMode);

    public static TerminfoEntry? Parse(byte[] data)
    {
        ReadOnlySpan<byte> d = data;
        if (d.Length < 12)
        {
            return null;
        }
        int magic = BinaryPrimitives.ReadInt16LittleEndian(d);
        int numberSize = magic == LegacyMagic ? 2 : magic == ExtendedMagic ? 4 : 0;
        int nameSize = BinaryPrimitives.ReadInt16LittleEndian(d[2..]);
        int boolCount = BinaryPrimitives.ReadInt16LittleEndian(d[4..]);
        int numberCount = BinaryPrimitives.ReadInt16LittleEndian(d[6..]);
        int stringCount = BinaryPrimitives.ReadInt16LittleEndian(d[8..]);
        int tableSize = BinaryPrimitives.ReadInt16LittleEndian(d[10..]);
        if (numberSize == 0 || nameSize < 0 || boolCount < 0 || numberCount < 0 || stringCount < 0 || tableSize < 0)
        {
            return null;
        }
        long pos = 12;
        int namesOffset = (int)pos;
        pos += nameSize;
        int boolOffset = (int)pos;
        pos += boolCount;
        if ((pos & 1) != 0)
        {
            pos++; // numbers start on an even offset
        }
        int numberOffset = (int)pos;
        pos += (long)numberCount * numberSize;
        int stringOffset = (int)pos;
        pos += (long)stringCount * 2;
        int tableOffset = (int)pos;
        pos += tableSize;
        if (pos > d.Length)
        {
            return null;
        }
        ReadOnlySpan<byte> names = d.Slice(namesOffset, nameSize);
        int nul = names.IndexOf((byte)0);
        string namesText = Encoding.UTF8.GetString(nul < 0 ? names : names[..nul]);
        return new TerminfoEntry(data, namesText, boolOffset, boolCount, numberOffset, numberCount, numberSize,
            stringOffset, stringCount, tableOffset, tableSize);
    }

    public bool GetFlag(int index) => (uint)index < (uint)_boolCount && _data[_boolOffset + index] == 1;

    /// <summary>A numeric capability, or -1 when absent or cancelled.</summary>
    public int GetNumber(int index)
    {
        if ((uint)index >= (uint)_numberCount)
        {
            return -1;
        }
        ReadOnlySpan<byte> at = _data.AsSpan(_numberOffset + index * _numberSize);
        int value = _numberSize == 2 ? BinaryPrimitives.ReadInt16LittleEndian(at) : BinaryPrimitives.ReadInt32LittleEndian(at);
        return value < 0 ? -1 : value;
    }

    public bool HasString(int index) => StringStart(index) >= 0;

    /// <summary>A string capability's bytes (escapes already decoded by tic), or empty when absent.</summary>
    public ReadOnlySpan<byte> GetString(int index)
    {
        int start = StringStart(index);
        if (start < 0)
        {
            return default;
        }
        ReadOnlySpan<byte> rest = _data.AsSpan(_tableOffset + start, _tableSize - start);
        int end = rest.IndexOf((byte)0);
        return end < 0 ? rest : rest[..end];
    }

    private int StringStart(int index)
    {
        if ((uint)index >= (uint)_stringCount)
        {
            return -1;
        }
        int offset = BinaryPrimitives.ReadInt16LittleEndian(_data.AsSpan(_stringOffset + index * 2));
        return offset >= 0 && offset < _tableSize ? offset : -1;
    }
}
