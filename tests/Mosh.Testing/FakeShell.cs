using System.Text;
using Mosh.StateSync;

namespace Mosh.Testing;

/// <summary>
/// A scripted stand-in for a shell and a few programs, writing what they would write to a pty
/// into a <see cref="CompleteTerminal"/>: echo of typed keys, a prompt, the output of a few
/// commands, a full-screen editor (alternate screen, full repaint, typing into it, <c>:q</c>) and a
/// <c>top</c>-like full repaint once a second until <c>q</c>. Deterministic; for measuring traffic,
/// not for allocation tests (it builds its output as strings).
/// </summary>
public sealed class FakeShell
{
    private const string Prompt = "\x1b[01;32muser@host\x1b[00m:\x1b[01;34m~/src/mosh-aot\x1b[00m$ ";
    private const int TopRepaintMs = 1000;

    private readonly CompleteTerminal _terminal;
    private readonly StringBuilder _line = new();
    private Mode _mode;
    private bool _editorCommand;
    private long _nextTopRepaintMs;
    private int _topFrames;

    public FakeShell(CompleteTerminal terminal)
    {
        _terminal = terminal;
        Write(Prompt);
    }

    private enum Mode
    {
        Shell,
        Editor,
        Top,
    }

    /// <summary>A handler for <see cref="UserInputReader.Apply{THandler}"/> that feeds this shell.</summary>
    public struct Input(FakeShell shell, long nowMs) : IUserEventHandler
    {
        public bool Key(byte value)
        {
            shell.Key(value, nowMs);
            return true;
        }

        public void Resize(int width, int height) => shell._terminal.Vt.Resize(width, height);
    }

    /// <summary>Time-driven output (the <c>top</c> repaint); call on every step of the server program.</summary>
    public void Tick(long nowMs)
    {
        if (_mode == Mode.Top && nowMs >= _nextTopRepaintMs)
        {
            PaintTop();
            _nextTopRepaintMs = nowMs + TopRepaintMs;
        }
    }

    private void Key(byte value, long nowMs)
    {
        switch (_mode)
        {
            case Mode.Shell:
                ShellKey(value, nowMs);
                break;
            case Mode.Editor:
                EditorKey(value);
                break;
            case Mode.Top:
                if (value == (byte)'q')
                {
                    Write("\x1b[?1049l\x1b[?25h");
                    Write(Prompt);
                    _mode = Mode.Shell;
                }
                break;
        }
    }

    private void ShellKey(byte value, long nowMs)
    {
        if (value == (byte)'\r')
        {
            Write("\r\n");
            Run(_line.ToString(), nowMs);
            _line.Clear();
        }
        else if (value == 0x7f)
        {
            if (_line.Length > 0)
            {
                _line.Length--;
                Write("\b\x1b[K");
            }
        }
        else if (value >= 0x20)
        {
            _line.Append((char)value);
            Write(((char)value).ToString());
        }
    }

    private void Run(string command, long nowMs)
    {
        switch (command)
        {
            case "ls -la":
                WriteListing();
                break;
            case "cat notes.txt":
                WriteNotes();
                break;
            case "vim main.c":
                OpenEditor();
                return;
            case "top":
                _mode = Mode.Top;
                _nextTopRepaintMs = nowMs;
                Write("\x1b[?1049h\x1b[?25l");
                Tick(nowMs);
                return;
            case "":
                break;
            default:
                Write($"bash: {command.Split(' ')[0]}: command not found\r\n");
                break;
        }
        Write(Prompt);
    }

    private void WriteListing()
    {
        string[] names = ["bench", "docs", "fuzz", "scripts", "src", "tests", "LICENSE", "Makefile", "README.md",
            "global.json", "mosh-aot.sln", "Directory.Build.props", "Directory.Packages.props"];
        var text = new StringBuilder($"total {names.Length * 4}\r\n");
        for (int i = 0; i < names.Length; i++)
        {
            bool directory = i < 6;
            text.Append(directory ? "drwxr-xr-x" : "-rw-r--r--").Append("  ").Append(directory ? 3 + i : 1)
                .Append(" user user ").Append(((i * 7919) % 40_000 + 96).ToString().PadLeft(6))
                .Append($" Mar {1 + i % 28,2} 1{i % 10}:{i * 7 % 60:00} ")
                .Append(directory ? $"\x1b[01;34m{names[i]}\x1b[0m" : names[i]).Append("\r\n");
        }
        Write(text.ToString());
    }

    private void WriteNotes()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 30; i++)
        {
            text.Append($"{i + 1}. The sender keeps a list of states the receiver may hold; note {i * 37 % 101}.\r\n");
        }
        Write(text.ToString());
    }

    private void OpenEditor()
    {
        _mode = Mode.Editor;
        var text = new StringBuilder("\x1b[?1049h\x1b[22;0;0t\x1b[?1h\x1b=\x1b[H\x1b[2J");
        string[] source =
        [
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "#include <string.h>",
            "",
            "/* Count the words of each line read from standard input. */",
            "static int count_words(const char *line)",
            "{",
            "    int words = 0, in_word = 0;",
            "    for (const char *p = line; *p != '\\0'; p++) {",
            "        if (*p == ' ' || *p == '\\t' || *p == '\\n') {",
            "            in_word = 0;",
            "        } else if (!in_word) {",
            "            in_word = 1;",
            "            words++;",
            "        }",
            "    }",
            "    return words;",
            "}",
            "",
            "int main(void)",
            "{",
            "    char line[4096];",
        ];
        for (int row = 0; row < 23; row++)
        {
            text.Append($"\x1b[{row + 1};1H");
            if (row < source.Length)
            {
                string s = source[row];
                text.Append(s.StartsWith('#') ? $"\x1b[35m{s}\x1b[m" : s.StartsWith("/*", StringComparison.Ordinal) ? $"\x1b[34m{s}\x1b[m" : s);
            }
            else
            {
                text.Append("\x1b[94m~\x1b[m");
            }
        }
        text.Append("\x1b[24;1H\"main.c\" 58L, 1377B\x1b[24;63H1,1           Top\x1b[1;1H");
        Write(text.ToString());
    }

    private void EditorKey(byte value)
    {
        if (_editorCommand)
        {
            if (value == (byte)'\r')
            {
                _mode = Mode.Shell;
                _editorCommand = false;
                Write("\x1b[?1l\x1b>\x1b[?1049l\x1b[23;0;0t");
                Write(Prompt);
            }
            else
            {
                Write(((char)value).ToString());
            }
            return;
        }
        if (value == 0x1b)
        {
            Write("\x1b[24;1H\x1b[K");
            return;
        }
        if (value == (byte)':')
        {
            _editorCommand = true;
            Write("\x1b[24;1H\x1b[K:");
            return;
        }
        // Insert mode: the editor redraws the rest of the line after the inserted character.
        Write(value == (byte)'\r' ? "\r\n\x1b[K" : $"{(char)value}\x1b[K");
    }

    private void PaintTop()
    {
        int f = _topFrames++;
        var text = new StringBuilder("\x1b[H");
        text.Append($"top - 12:{34 + f / 60:00}:{f % 60:00} up 3 days,  4:12,  2 users,  load average: 0.{15 + f % 7}, 0.{20 + f % 5}, 0.18\x1b[K\r\n");
        text.Append($"Tasks: {187 + f % 3} total,   {1 + f % 2} running, {186} sleeping,   0 stopped,   0 zombie\x1b[K\r\n");
        text.Append($"%Cpu(s):  {2 + f % 4}.{f % 10} us,  1.{f % 7} sy,  0.0 ni, {95 - f % 4}.{9 - f % 10} id,  0.1 wa,  0.0 hi,  0.0 si,  0.0 st\x1b[K\r\n");
        text.Append($"MiB Mem :  15889.3 total,   {8123 - f * 3}.4 free,   {3210 + f * 2}.1 used,   4555.8 buff/cache\x1b[K\r\n");
        text.Append("MiB Swap:   2048.0 total,   2048.0 free,      0.0 used.  12345.6 avail Mem\x1b[K\r\n\x1b[K\r\n");
        text.Append("\x1b[7m    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND           \x1b[m\r\n");
        string[] commands = ["mosh-server", "dotnet", "systemd", "sshd", "bash", "kworker/0:1", "rcu_sched", "top",
            "cron", "dbus-daemon", "rsyslogd", "journald", "udevd", "agetty", "polkitd", "containerd", "tmux"];
        for (int i = 0; i < commands.Length; i++)
        {
            int pid = 100 + (i * 4099 + f * (i == 0 ? 1 : 0)) % 30_000;
            int cpu = (i * 13 + f * (i + 3)) % 17;
            text.Append($"{pid,7} user      20   0 {(i + 1) * 123_457 % 900_000,7} {(i + 3) * 9_871 % 90_000,6} {(i + 5) * 3_319 % 9_000,6} {(i == 7 ? 'R' : 'S')} {cpu,4}.{f % 10} {i * 0.3 + 0.1,5:0.0} {i * 3 + f / 10,5}:{f % 60:00}.{i * 11 % 100:00} {commands[i],-17}\x1b[K");
            if (i + 1 < commands.Length)
            {
                text.Append("\r\n");
            }
        }
        Write(text.ToString());
    }

    private void Write(string s) => _terminal.Vt.Write(Encoding.UTF8.GetBytes(s));
}
