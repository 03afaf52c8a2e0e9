using System.Diagnostics;

namespace Mosh.Tests.Support;

/// <summary>
/// A private network namespace with only loopback, for tests that change routing (which would
/// be unthinkable on the host): held open by a sleeping process made with <c>unshare -n</c>;
/// commands run inside it through <c>nsenter</c>. The local routing rule is moved below
/// preference 1, so a rule of preference 1 can make sendto fail for loopback traffic
/// (<c>unreachable</c>: ENETUNREACH, an interface that is down; <c>prohibit</c>: EACCES, a
/// firewall). Disposing kills the holder, and the namespace goes with it.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private readonly Process _holder;

    private NetworkNamespace(Process holder) => _holder = holder;

    public int Pid => _holder.Id;

    /// <summary>The prefix that runs a command inside the namespace.</summary>
    public string[] Prefix => ["nsenter", "-t", Pid.ToString(), "-n"];

    /// <summary>Why namespaces cannot be used here, or null when they can.</summary>
    public static string? Unavailable
    {
        get
        {
            try
            {
                if (TmuxSession.FindOnPath("unshare") is null || TmuxSession.FindOnPath("nsenter") is null || TmuxSession.FindOnPath("ip") is null)
                    return "unshare, nsenter or ip is missing (Debian: util-linux, iproute2)";
                var (exit, _, stderr) = MoshPrograms.Run("unshare", ["-n", "ip", "rule", "add", "pref", "100", "lookup", "local"], TimeSpan.FromSeconds(10));
                return exit == 0 ? null : $"cannot make a network namespace here (unshare -n: {stderr.Trim()})";
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
            {
                return e.Message;
            }
        }
    }

    public static NetworkNamespace Create()
    {
        var psi = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in (string[])["-n", "sh", "-c",
                     "ip link set lo up && ip rule add pref 100 lookup local && ip rule del pref 0 && echo ready && exec sleep 3600"])
            psi.ArgumentList.Add(a);
        var holder = Process.Start(psi)!;
        string? line = holder.StandardOutput.ReadLine();
        if (line != "ready")
        {
            holder.Kill(true);
            throw new InvalidOperationException("the namespace did not come up: " + holder.StandardError.ReadToEnd());
        }
        return new NetworkNamespace(holder);
    }

    /// <summary>Runs <c>ip ARGS</c> inside the namespace; throws if it fails.</summary>
    public void Ip(params string[] args)
    {
        var (exit, _, stderr) = MoshPrograms.Run("nsenter", [.. Prefix[1..], "ip", .. args], TimeSpan.FromSeconds(10));
        if (exit != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {stderr}");
    }

    public void Dispose()
    {
        try
        {
            if (!_holder.HasExited) _holder.Kill(true);
            _holder.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _holder.Dispose();
    }
}
