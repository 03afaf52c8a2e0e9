namespace Mosh.Tests.Frontend;

/// <summary>Both programs read their initial size from a pty and clamp it.</summary>
public class InitialSizeTests
{
    [Theory]
    [InlineData(65535, 65535, 10_000, 419)]
    [InlineData(120, 40, 120, 40)]
    public void BothSidesClampTheirPtysSize(int columns, int rows, int expectedColumns, int expectedRows)
    {
        Mosh.Posix.Pty.Open(new Mosh.Posix.WindowSize(columns, rows), out Mosh.Posix.PtyPair pty).ThrowIfError("openpty");
        try
        {
            Assert.Equal((expectedColumns, expectedRows), MoshAot.Server.ServerCommand.InitialSize(pty.Slave));
            Assert.True(MoshAot.Client.LocalTerminal.TryGetSize(out int c, out int r, pty.Slave));
            Assert.Equal((expectedColumns, expectedRows), (c, r));
        }
        finally
        {
            Mosh.Posix.FileDescriptor.Close(pty.Master);
            Mosh.Posix.FileDescriptor.Close(pty.Slave);
        }
    }
}
