using System.Buffers.Binary;
using System.Text;

namespace Mosh.Posix;

/// <summary>
/// One compiled terminfo entry (the <c>term(5)</c> binary format), holding the raw file and the
/// offsets of its sections. Both the legacy format (magic 0432, 16-bit numbers) and the extended
/// one (magic 01036, 32-bit numbers) are read, with the user-defined ("extended") capabilities
/// that may follow (<c>smxx</c>, <c>Smulx</c>, <c>Setulc</c>, …). Malformed files give null,
/// never an exception; a malformed extended section is ignored.
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
    public const int StringEnterDimMode = 30;   // dim
    public const int StringEraseChars = 37;     // ech
    public const int StringExitCaMode = 40;     // rmcup

    private const int LegacyMagic = 0x011A;     // 0432
    private const int ExtendedMagic = 0x021E;   // 01036

    private readonly byte[] _data;
    private readonly int _boolOffset, _boolCount;
    private readonly int _numberOffset, _numberCount, _numberSize;
    private readonly int _stringOffset, _stringCount;
    private readonly int _tableOffset, _tableSize;
    // Extended capabilities, by name: the string ones as [offset, length) into _data, the
    // boolean ones as true; absent names are not in the maps.
    private readonly Dictionary<string, (int Offset, int Length)> _extendedStrings = new(StringComparer.Ordinal);
    private readonly HashSet<string> _extendedFlags = new(StringComparer.Ordinal);

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
        ReadExtended(tableOffset + tableSize);
    }

    /// <summary>The names line, e.g. <c>xterm-256color|xterm with 256 colors</c>.</summary>
    public string Names { get; }

    /// <summary><c>colors</c>, or -1 when absent (what <c>tigetnum</c> reports and <c>mosh-client -c</c> prints).</summary>
    public int Colors => GetNumber(NumberColors);

    /// <summary><c>bce</c>: erasing fills with the current background colour.</summary>
    public bool BackColorErase => GetFlag(BoolBackColorErase);

    /// <summary>The terminal has <c>ech</c> (erase characters).</summary>
    public bool HasEraseChars => HasString(StringEraseChars);

    /// <summary><c>dim</c>: the terminal draws faint text (SGR 2).</summary>
    public bool HasDim => HasString(StringEnterDimMode);

    /// <summary>An extended (user-defined) string capability such as <c>Smulx</c>; empty when absent.</summary>
    public ReadOnlySpan<byte> GetExtendedString(string name) =>
        _extendedStrings.TryGetValue(name, out var at) ? _data.AsSpan(at.Offset, at.Length) : default;

    /// <summary>Whether an extended capability (string or boolean) is present.</summary>
    public bool HasExtended(string name) => _extendedStrings.ContainsKey(name) || _extendedFlags.Contains(name);

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

    /// <summary>
    /// The extended section after the standard string table (term(5), "Extended Storage
    /// Format"): on an even offset, five counts (booleans, numbers, strings, string-table
    /// items, string-table bytes), the booleans, the numbers, the string offsets, the name
    /// offsets, then the table: the string values first, the names after them. Name offsets
    /// count from the first name.
    /// </summary>
    private void ReadExtended(int start)
    {
        ReadOnlySpan<byte> d = _data;
        int pos = start + (start & 1);
        if (pos + 10 > d.Length)
        {
            return;
        }
        int boolCount = BinaryPrimitives.ReadInt16LittleEndian(d[pos..]);
        int numberCount = BinaryPrimitives.ReadInt16LittleEndian(d[(pos + 2)..]);
        int stringCount = BinaryPrimitives.ReadInt16LittleEndian(d[(pos + 4)..]);
        int tableBytes = BinaryPrimitives.ReadInt16LittleEndian(d[(pos + 8)..]);
        if (boolCount < 0 || numberCount < 0 || stringCount < 0 || tableBytes < 0)
        {
            return;
        }
        pos += 10;
        int boolOffset = pos;
        pos += boolCount;
        pos += pos & 1;
        pos += numberCount * _numberSize;
        int stringOffsets = pos;
        pos += stringCount * 2;
        int nameOffsets = pos;
        int nameCount = boolCount + numberCount + stringCount;
        pos += nameCount * 2;
        int table = pos;
        if (table + tableBytes > d.Length)
        {
            return;
        }
        ReadOnlySpan<byte> strings = d.Slice(table, tableBytes);

        // The names begin after the last string value.
        int namesStart = 0;
        for (int i = 0; i < stringCount; i++)
        {
            int offset = BinaryPrimitives.ReadInt16LittleEndian(d[(stringOffsets + i * 2)..]);
            if (offset >= 0 && offset < strings.Length)
            {
                int end = strings[offset..].IndexOf((byte)0);
                if (end < 0)
                {
                    return;
                }
                namesStart = Math.Max(namesStart, offset + end + 1);
            }
        }
        for (int i = 0; i < nameCount; i++)
        {
            int nameOffset = BinaryPrimitives.ReadInt16LittleEndian(d[(nameOffsets + i * 2)..]);
            int at = namesStart + nameOffset;
            if (nameOffset < 0 || at >= strings.Length)
            {
                return;
            }
            int nameEnd = strings[at..].IndexOf((byte)0);
            if (nameEnd < 0)
            {
                return;
            }
            string name = Encoding.ASCII.GetString(strings.Slice(at, nameEnd));
            if (i < boolCount)
            {
                if (d[boolOffset + i] == 1)
                {
                    _extendedFlags.Add(name);
                }
            }
            else if (i >= boolCount + numberCount)
            {
                int s = i - boolCount - numberCount;
                int offset = BinaryPrimitives.ReadInt16LittleEndian(d[(stringOffsets + s * 2)..]);
                if (offset >= 0 && offset < strings.Length)
                {
                    int end = strings[offset..].IndexOf((byte)0);
                    _extendedStrings[name] = (table + offset, end);
                }
            }
        }
    }
}
