using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation;

/// <summary>Random output full of escape-sequence material never throws and keeps the state consistent.</summary>
public class HostileInputTests
{
    private static readonly byte[] Alphabet =
        "\e[;?0123456789mHJKLMPX@rhlsuEFbdgIZ\n\r\b\t\a]0;52c\\#87DMc\u00e4\u4e2d\u0301 abc"u8.ToArray();

    [Fact]
    public void RandomSequencesOnSmallScreens()
    {
        var rng = new Random(4242);
        var input = new byte[2048];
        for (int round = 0; round < 300; round++)
        {
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = rng.Next(8) == 0 ? (byte)rng.Next(256) : Alphabet[rng.Next(Alphabet.Length)];
            }
            var t = new VirtualTerminal(1 + rng.Next(12), 1 + rng.Next(6));
            var snapshot = new Framebuffer(t.Framebuffer);
            t.Write(input.AsSpan(0, 1024));
            snapshot.CopyFrom(t.Framebuffer);
            t.Resize(1 + rng.Next(12), 1 + rng.Next(6));
            t.Write(input.AsSpan(1024));
            foreach (Framebuffer fb in new[] { t.Framebuffer, snapshot })
            {
                Assert.InRange(fb.CursorRow, 0, fb.Height - 1);
                Assert.InRange(fb.CursorColumn, 0, fb.Width - 1);
                Assert.InRange(fb.ScrollTop, 0, fb.ScrollBottom);
                Assert.InRange(fb.ScrollBottom, 0, fb.Height - 1);
                foreach (Row row in fb.Rows)
                {
                    Assert.Equal(fb.Width, row.Width);
                }
            }
            Assert.True(t.Replies.Pending.Length <= ReplyBuffer.Capacity);
        }
    }
}
