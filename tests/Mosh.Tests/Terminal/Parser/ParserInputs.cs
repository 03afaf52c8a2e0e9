using System.Text;

namespace Mosh.Tests.Terminal.Parser;

/// <summary>Inputs shared by the parser tests: one sample of every kind of sequence.</summary>
internal static class ParserInputs
{
    /// <summary>A little of everything: text, UTF-8, invalid UTF-8, C0/C1, CSI, ESC, OSC, DCS, strings.</summary>
    public static byte[] Mixed()
    {
        var ms = new MemoryStream();
        void S(string s) => ms.Write(Encoding.UTF8.GetBytes(s));
        void B(params byte[] b) => ms.Write(b);
        S("plain text\r\n\e[1;31mred\e[0m \e[38;5;208mor\e[38;2;1;2;3mrgb\e[m\t|");
        S("caf\u00e9 \u4e2d\u6587 \U0001F600 e\u0301 \u200b|");
        B(0xFF, 0xC0, 0x80, 0xE2, 0x82, 0x41, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0xF8, 0x88, 0x80, 0x80, 0x80);
        S("\e[?25l\e[?1049h\e[>c\e[!p\e[2 q\e[1:2m\e[1?h\e[;;5;H");
        S("\e7\e8\e#8\e(0\eD\eE\eM\e\\\e=\u00e9");
        S("\e]0;t\u00eftle\a\e]2;x\e\\\e]52;c;aGk=\u009c\e]1;\r\nab\x18");
        S("\ePq#0;2;0;0;0#1~-\e\\\eP1$qm\u009c\u0090data\x07more\u009c\e_apc\u009c\u0098sos\x1a");
        S("\u009b4m\u0085\u0084\u009d2;c1\u009c\x7f\0\x0e\x1b");
        S("\e[" + new string('9', 30) + ";1H\e[" + new string(';', 120) + "m");
        B(0x1B, (byte)'[', 0xC3, 0xA9, 0x1B, (byte)']', (byte)'2', 0xC2);
        S("\u009c done");
        return ms.ToArray();
    }
}
