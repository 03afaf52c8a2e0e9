namespace Mosh.Tests.Support;

/// <summary>The tmux harness itself.</summary>
public class TmuxSessionTests
{
    /// <summary>
    /// A program that ends as soon as it starts (a client whose session is already over) leaves
    /// its pane to read: the pane is kept from the start, not by a command that may come only
    /// after the program (and with it the tmux server) is gone. Its exit status is not asked:
    /// tmux 3.3 sometimes never learns the status of a program that ends that early.
    /// </summary>
    [SkippableFact]
    public void AProgramThatEndsAtOnceLeavesItsPaneToRead()
    {
        Skip.If(!TmuxSession.IsAvailable, "tmux is not installed");
        for (int i = 0; i < 5; i++)
        {
            using var tmux = TmuxSession.Start("exit 3");
            Assert.True(tmux.WaitForExit(TimeSpan.FromSeconds(5)), "the pane's program did not end");
            Assert.Equal(24, tmux.Capture().Split('\n').Length - 1);
        }
    }
}
