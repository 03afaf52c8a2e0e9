using System.Text;
using Mosh.Posix;

namespace MoshAot.Cli;

/// <summary>
/// Standard output and error as plain writers on file descriptors 1 and 2. System.Console is
/// avoided on purpose: on a terminal its first use writes keypad/cursor-mode initialisation
/// (<c>ESC[?1h ESC=</c>), which must never reach a user's terminal or the launcher's pipe.
/// </summary>
internal static class StdIo
{
    public static readonly TextWriter Out = new FdWriter(1);
    public static readonly TextWriter Error = new FdWriter(2);

    /// <summary>A small unbuffered UTF-8 writer: every Write goes straight to the descriptor.</summary>
    private sealed class FdWriter(int fd) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            FileDescriptor.WriteAll(fd, Encoding.UTF8.GetBytes(value));
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void WriteLine(string? value) => Write(value + "\n");
    }
}
