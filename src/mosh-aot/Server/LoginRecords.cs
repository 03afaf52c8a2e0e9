using Mosh.Posix;
using Mosh.Terminal.Emulation;

namespace MoshAot.Server;

/// <summary>
/// What a login leaves behind, as upstream's server does it (§6.4, §6.5): the message of the day
/// for a login shell, the utmp entry ("mosh [pid]" while detached, "host via mosh [pid]" while a
/// client is attached) and syslog lines for begin, connect and end.
/// </summary>
internal sealed class LoginRecords
{
    private readonly string _userName;
    private string? _ttyName;
    private int _childPid = -1;

    public LoginRecords(string userName) => _userName = userName;

    /// <summary>Whether the utmp entry currently names a client.</summary>
    public bool Attached { get; private set; }

    /// <summary>Writes the message of the day into the terminal, unless ~/.hushlogin exists.</summary>
    public static void ShowMessageOfTheDay(VirtualTerminal terminal)
    {
        // What a login shell shows first (upstream prints it from the child before the shell starts).
        if (File.Exists(Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/", ".hushlogin"))) return;
        foreach (string path in (string[])["/run/motd.dynamic", "/var/run/motd.dynamic", "/etc/motd"])
        {
            if (path == "/var/run/motd.dynamic" && File.Exists("/run/motd.dynamic")) continue;
            try
            {
                if (!File.Exists(path)) continue;
                byte[] text = File.ReadAllBytes(path);
                // The pty would turn LF into CR LF; the emulator needs it spelled out.
                foreach (byte b in text)
                {
                    if (b == (byte)'\n') terminal.Write("\r\n"u8);
                    else terminal.Write([b]);
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The session began on <paramref name="ttyName"/>: a detached utmp entry and the syslog line.</summary>
    public void SessionBegan(string? ttyName, int childPid)
    {
        _ttyName = ttyName;
        _childPid = childPid;
        if (_ttyName is not null)
            Utmp.Login(_ttyName, Utmp.DetachedHost(Environment.ProcessId), _childPid, _userName);
        SysLog.Info($"user {_userName} session begin");
    }

    /// <summary>A client is now at <paramref name="peer"/>.</summary>
    public void ClientAttached(in NetAddress peer)
    {
        if (_ttyName is null || _childPid < 0) return;
        Attached = true;
        Utmp.Login(_ttyName, Utmp.AttachedHost(peer.Host, Environment.ProcessId), _childPid, _userName);
        SysLog.Info($"user {_userName} connected from host: {peer.Host}");
    }

    /// <summary>The client has been silent for a while: the entry goes back to "detached".</summary>
    public void ClientDetached()
    {
        if (_ttyName is null || _childPid < 0) return;
        Attached = false;
        Utmp.Login(_ttyName, Utmp.DetachedHost(Environment.ProcessId), _childPid, _userName);
    }

    public void SessionEnded()
    {
        if (_ttyName is null || _childPid <= 0) return;
        Utmp.Logout(_ttyName, _childPid);
        SysLog.Info($"user {_userName} session end");
    }
}
