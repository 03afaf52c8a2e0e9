using System.Runtime.InteropServices;

namespace Mosh.Posix;

/// <summary><c>struct winsize</c> (identical on Linux and the BSDs).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct WindowSize
{
    public ushort Rows;
    public ushort Columns;
    public ushort PixelWidth;
    public ushort PixelHeight;

    public WindowSize(int columns, int rows)
    {
        Columns = (ushort)columns;
        Rows = (ushort)rows;
    }

    public override readonly string ToString() => $"{Columns}x{Rows}";
}
