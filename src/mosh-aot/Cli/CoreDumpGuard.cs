using Mosh.Posix;

namespace MoshAot.Cli;

/// <summary>
/// The first thing mosh-server and mosh-client do, as upstream: set the soft core-file limit to
/// 0, so that a crash never writes the session key to disk. A failure ends the program with
/// upstream's perror-style message and status 1.
/// </summary>
internal static class CoreDumpGuard
{
    /// <summary>Disables core dumps; false (after the message) if that failed. <paramref name="savedSoftLimit"/> is the user's limit.</summary>
    public static bool Apply(out ulong savedSoftLimit)
    {
        Errno error = CoreDumps.Disable(out savedSoftLimit, out string failedCall);
        if (!error.IsError) return true;
        StdIo.Error.Write($"{failedCall}: {error.Message}\n");
        return false;
    }
}
