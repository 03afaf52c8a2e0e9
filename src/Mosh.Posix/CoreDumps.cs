using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// The soft <c>RLIMIT_CORE</c>: set to 0 first thing in the client and the server, as upstream,
/// so that the session key never lands in a core file; the session's program gets the user's
/// limit back. Only the soft limit changes, so the hard limit the user had is kept.
/// </summary>
public static class CoreDumps
{
    /// <summary>Sets the soft core-file limit to 0; <paramref name="savedSoftLimit"/> is what it was (<see cref="ulong.MaxValue"/>: unlimited).</summary>
    /// <returns>The errno of the failing call and its name (<c>getrlimit</c> or <c>setrlimit</c>), or <see cref="Errno.None"/>.</returns>
    public static unsafe Errno Disable(out ulong savedSoftLimit, out string failedCall)
    {
        ulong* limit = stackalloc ulong[2];
        savedSoftLimit = 0;
        failedCall = "getrlimit(RLIMIT_CORE)";
        if (LibC.GetRLimit(Constants.RLIMIT_CORE, limit) != 0) return Errno.Last;
        savedSoftLimit = limit[0];
        limit[0] = 0;
        failedCall = "setrlimit(RLIMIT_CORE)";
        if (LibC.SetRLimit(Constants.RLIMIT_CORE, limit) != 0) return Errno.Last;
        failedCall = "";
        return Errno.None;
    }

    /// <summary>Puts the soft limit back to <paramref name="softLimit"/> (capped at the hard limit); failure is silent, as upstream's.</summary>
    public static unsafe void SetSoftLimit(ulong softLimit)
    {
        ulong* limit = stackalloc ulong[2];
        if (LibC.GetRLimit(Constants.RLIMIT_CORE, limit) != 0) return;
        limit[0] = Math.Min(softLimit, limit[1]);
        LibC.SetRLimit(Constants.RLIMIT_CORE, limit);
    }

    /// <summary>The current soft limit (<see cref="ulong.MaxValue"/>: unlimited), or null if it cannot be read.</summary>
    public static unsafe ulong? SoftLimit()
    {
        ulong* limit = stackalloc ulong[2];
        return LibC.GetRLimit(Constants.RLIMIT_CORE, limit) == 0 ? limit[0] : null;
    }
}
