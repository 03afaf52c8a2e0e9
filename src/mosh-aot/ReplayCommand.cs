using Mosh.Terminal.Display;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace MoshAot;

/// <summary>
/// <c>mosh-aot replay --cols C --rows R</c>: terminal output on stdin goes through the emulator;
/// stdout gets the bytes a new client of that size would receive from the server for the
/// final frame (its state 0 is a blank frame of its own size, so this is the server's diff
/// from a blank C×R frame). A terminal that shows a blank screen and then those bytes shows
/// what the emulator shows.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>Upper bound on either dimension: far beyond any real window, small enough that a frame fits in memory.</summary>
    public const int MaxDimension = 4096;

    public const string Help =
        "Usage: mosh-aot replay --cols C --rows R\n" +
        "\n" +
        "Reads terminal output (any bytes, streamed) on standard input and runs it through\n" +
        "mosh-aot's terminal emulator in a C x R window. Writes to standard output the escape\n" +
        "sequences that draw the emulator's final frame on a blank C x R terminal whose cursor\n" +
        "is at the top left: the same bytes a new mosh client of that size receives from the\n" +
        "server for that frame (the diff from a blank frame). The output contains no queries.\n" +
        "\n" +
        "  --cols C, --columns C   window width, 1.." + "4096\n" +
        "  --rows R                window height, 1.." + "4096\n" +
        "  --help                  this text\n" +
        "\n" +
        "Example: printf '\\033[31mred\\n' | mosh-aot replay --cols 80 --rows 24 | od -c\n";

    public static int Run(string[] args)
    {
        if (!TryParse(args, out int cols, out int rows, out bool help, out string? error))
        {
            Cli.StdIo.Error.Write($"mosh-aot replay: {error}\n\n");
            Cli.StdIo.Error.Write(Help);
            return 1;
        }
        if (help)
        {
            Cli.StdIo.Out.Write(Help);
            return 0;
        }

        using Stream input = Console.OpenStandardInput();
        using Stream output = Console.OpenStandardOutput();
        Replay(input, output, cols, rows);
        output.Flush();
        return 0;
    }

    /// <summary>Parses <c>--cols C --rows R</c> (also <c>--cols=C</c>); both are required.</summary>
    internal static bool TryParse(string[] args, out int cols, out int rows, out bool help, out string? error)
    {
        cols = 0;
        rows = 0;
        help = false;
        error = null;
        bool haveCols = false, haveRows = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
                return true;
            }

            string name = arg;
            string? value = null;
            int eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
            }

            if (name is not ("--cols" or "--columns" or "--rows"))
            {
                error = $"unknown argument '{arg}'";
                return false;
            }
            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    error = $"{name} needs a number";
                    return false;
                }
                value = args[++i];
            }
            if (!TryParseDimension(value, out int n))
            {
                error = $"{name} must be a whole number from 1 to {MaxDimension}, not '{value}'";
                return false;
            }
            if (name == "--rows")
            {
                rows = n;
                haveRows = true;
            }
            else
            {
                cols = n;
                haveCols = true;
            }
        }

        if (!haveCols || !haveRows)
        {
            error = !haveCols ? "--cols is required" : "--rows is required";
            return false;
        }
        return true;
    }

    /// <summary>Streams <paramref name="input"/> through a C×R emulator and writes the final frame's diff from a blank frame.</summary>
    internal static void Replay(Stream input, Stream output, int cols, int rows)
    {
        var terminal = new VirtualTerminal(cols, rows);
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = input.Read(chunk, 0, chunk.Length)) > 0)
        {
            terminal.Write(chunk.AsSpan(0, n));
            // Nobody reads the replies to queries in the stream.
            terminal.Replies.Clear();
        }
        Framebuffer final = terminal.Framebuffer;

        using var blank = new Framebuffer(cols, rows);
        var bytes = new OutputBuffer();
        // What a new client of this size gets: its state 0 is a blank frame of its own size,
        // and the server sends the (initialized) diff from that.
        new FrameRenderer(DisplayCapabilities.Server).Render(blank, final, initialized: true, bytes);
        output.Write(bytes.WrittenSpan);
        output.Flush();
    }

    private static bool TryParseDimension(string text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 9)
            return false;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
                return false;
            value = value * 10 + (c - '0');
        }
        return value is >= 1 and <= MaxDimension;
    }
}
