using System.Runtime.InteropServices;
using Mosh.Posix;

namespace Mosh.Tests.Posix;

/// <summary>
/// MOSH_KEY leaves the C library's environment when the client takes it (upstream: getenv, then
/// unsetenv), so a program started afterwards cannot inherit it. .NET's Environment class keeps its
/// own copy and never changes the C library's, so the check here goes through libc itself.
/// </summary>
public class SecretEnvironmentTests
{
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern IntPtr GetEnv(string name);

    [Fact]
    public void TakeCopiesTheValueAndUnsetsIt()
    {
        const string name = "MOSH_AOT_TEST_SECRET_TAKE";
        Assert.Equal(0, SetEnv(name, "AAECAwQFBgcICQoLDA0ODw", 1));
        Span<byte> value = stackalloc byte[22];
        Assert.True(SecretEnvironment.Take(name, value, out int length));
        Assert.Equal(22, length);
        Assert.Equal("AAECAwQFBgcICQoLDA0ODw"u8.ToArray(), value.ToArray());
        Assert.Equal(IntPtr.Zero, GetEnv(name));
        Assert.False(SecretEnvironment.Take(name, value, out _));
    }

    [Fact]
    public void ALongerValueReportsItsLengthAndIsStillRemoved()
    {
        const string name = "MOSH_AOT_TEST_SECRET_LONG";
        Assert.Equal(0, SetEnv(name, new string('A', 40), 1));
        Span<byte> value = stackalloc byte[22];
        Assert.True(SecretEnvironment.Take(name, value, out int length));
        Assert.Equal(40, length);
        Assert.Equal(IntPtr.Zero, GetEnv(name));
    }
}
