namespace Mosh.Tests.Terminal.Display;

public class ReplayArgumentsTests
{
    [Theory]
    [InlineData(new[] { "--cols", "80", "--rows", "24" }, 80, 24)]
    [InlineData(new[] { "--rows", "1", "--columns", "4096" }, 4096, 1)]
    [InlineData(new[] { "--cols=132", "--rows=40" }, 132, 40)]
    public void AcceptsSizes(string[] args, int cols, int rows)
    {
        Assert.True(MoshAot.ReplayCommand.TryParse(args, out int c, out int r, out bool help, out string? error), error);
        Assert.False(help);
        Assert.Equal((cols, rows), (c, r));
    }

    [Theory]
    [InlineData(new[] { "--cols", "80" }, "--rows is required")]
    [InlineData(new[] { "--rows", "24" }, "--cols is required")]
    [InlineData(new[] { "--cols", "0", "--rows", "24" }, "--cols must be")]
    [InlineData(new[] { "--cols", "80", "--rows", "4097" }, "--rows must be")]
    [InlineData(new[] { "--cols", "-3", "--rows", "24" }, "--cols must be")]
    [InlineData(new[] { "--cols", "8x", "--rows", "24" }, "--cols must be")]
    [InlineData(new[] { "--cols", "99999999999999", "--rows", "24" }, "--cols must be")]
    [InlineData(new[] { "--cols", "80", "--rows" }, "--rows needs a number")]
    [InlineData(new[] { "--width", "80" }, "unknown argument")]
    public void RejectsBadArguments(string[] args, string message)
    {
        Assert.False(MoshAot.ReplayCommand.TryParse(args, out _, out _, out _, out string? error));
        Assert.StartsWith(message, error);
    }

    [Fact]
    public void BadArgumentsExitWithOne()
    {
        Assert.Equal(1, MoshAot.Program.Run("mosh-aot", ["replay", "--cols", "0", "--rows", "24"]));
        Assert.Equal(1, MoshAot.Program.Run("mosh-aot", ["replay"]));
    }

    [Fact]
    public void HelpExitsWithZero()
    {
        Assert.Equal(0, MoshAot.Program.Run("mosh-aot", ["replay", "--help"]));
    }
}
