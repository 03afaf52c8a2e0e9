using System.Text;
using Mosh.StateSync;
using Mosh.Transport;

namespace Mosh.Testing;

/// <summary>
/// Serialized instructions (protobuf, as they go into compression) of the kinds a session sends
/// most, built with the real state codecs: a keystroke, an empty ack, the echo of a keystroke, a
/// line of output, and full-screen repaints. Deterministic (the chaff comes from a seeded generator).
/// </summary>
public static class RealisticInstructions
{
    public static readonly string[] Names = ["keystroke", "ack", "echo", "line", "repaint80x24", "repaint200x60"];

    /// <summary>The instruction called <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public static byte[] Get(string name, ulong seed = 1) => name switch
    {
        "keystroke" => Keystroke(seed),
        "ack" => Wrap([], seed),
        "echo" => HostDiff(80, 24, "\x1b[01;32muser@host\x1b[00m:~$ ", "l", echoAck: true, seed),
        "line" => HostDiff(80, 24, "\x1b[01;32muser@host\x1b[00m:~$ gti status",
            "\r\nbash: gti: command not found\r\n\x1b[01;32muser@host\x1b[00m:~$ ", echoAck: true, seed),
        "repaint80x24" => HostDiff(80, 24, "", ScreenOfCode(80, 24, seed), echoAck: false, seed),
        "repaint200x60" => HostDiff(200, 60, "", ScreenOfCode(200, 60, seed), echoAck: false, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown instruction kind"),
    };

    private static byte[] Keystroke(ulong seed)
    {
        var before = new UserStream();
        before.PushResize(80, 24);
        before.PushBytes("ls -l"u8);
        UserStream after = before.Clone();
        after.PushByte((byte)'a');
        var diff = new ByteBuffer();
        after.WriteDiffFrom(before, diff);
        return Wrap(diff.WrittenSpan.ToArray(), seed);
    }

    private static byte[] HostDiff(int width, int height, string shown, string added, bool echoAck, ulong seed)
    {
        var before = new CompleteTerminal(width, height);
        before.Vt.Write(Encoding.UTF8.GetBytes(shown));
        CompleteTerminal after = before.Clone();
        after.Vt.Write(Encoding.UTF8.GetBytes(added));
        if (echoAck)
            after.SetEchoAck(1234);
        var diff = new ByteBuffer();
        after.WriteDiffFrom(before, diff);
        return Wrap(diff.WrittenSpan.ToArray(), seed);
    }

    /// <summary>Every row filled with highlighted source-like text: an editor's first paint.</summary>
    private static string ScreenOfCode(int width, int height, ulong seed)
    {
        string[] words = ["int", "count", "=", "0;", "for", "(const", "char", "*p", "line;", "if", "return", "words++;", "//", "the", "next", "state"];
        var random = new DeterministicRandom(seed + 6);
        var text = new StringBuilder("\x1b[H\x1b[2J");
        for (int row = 0; row < height; row++)
        {
            text.Append($"\x1b[{row + 1};1H\x1b[33m{row + 1,4}\x1b[m ");
            int column = 5;
            while (true)
            {
                string word = words[random.Next(words.Length)];
                if (column + word.Length + 1 >= width)
                    break;
                text.Append(word is "int" or "char" or "for" or "if" or "return" ? $"\x1b[32m{word}\x1b[m " : word + " ");
                column += word.Length + 1;
            }
        }
        return text.ToString();
    }

    private static byte[] Wrap(byte[] diff, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var chaff = new byte[random.Next(17)];
        for (int i = 0; i < chaff.Length; i++)
            chaff[i] = (byte)random.Next(256);
        var instruction = new Instruction
        {
            ProtocolVersion = Instruction.CurrentProtocolVersion,
            OldNum = 41,
            NewNum = 42,
            AckNum = 57,
            ThrowawayNum = 40,
            Diff = diff,
            Chaff = chaff,
        };
        var bytes = new byte[InstructionCodec.GetEncodedLength(instruction)];
        InstructionCodec.Encode(instruction, bytes);
        return bytes;
    }
}
