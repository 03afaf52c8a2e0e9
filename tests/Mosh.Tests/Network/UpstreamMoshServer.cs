using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Mosh.Tests.Network;

/// <summary>
/// A real upstream mosh-server on loopback (`mosh-server new -i 127.0.0.1 -p 0 -- /bin/sh`),
/// killed by its pid on dispose. It detaches, so the pid comes from its stderr.
/// </summary>
internal sealed partial class UpstreamMoshServer : IDisposable
{
    public const string Binary = "/usr/bin/mosh-server";

    public int Port { get; }
    public string Key { get; }
    public int Pid { get; }

    public UpstreamMoshServer()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is needed for interop tests (Debian package mosh)");
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "new", "-i", "127.0.0.1", "-p", "0", "--", "/bin/sh" })
            psi.ArgumentList.Add(a);
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["LC_ALL"] = "C.UTF-8";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(10_000))
        {
            p.Kill();
            Assert.Fail("mosh-server did not detach within 10 s");
        }
        Assert.True(Task.WaitAll([stdout, stderr], 5_000));
        Match connect = ConnectLine().Match(stdout.Result);
        Match pid = PidLine().Match(stderr.Result);
        Assert.True(connect.Success, "no MOSH CONNECT line: " + stdout.Result);
        Assert.True(pid.Success, "no pid in: " + stderr.Result);
        Port = int.Parse(connect.Groups[1].Value);
        Key = connect.Groups[2].Value;
        Pid = int.Parse(pid.Groups[1].Value);
    }

    public void Dispose()
    {
        try
        {
            using var server = Process.GetProcessById(Pid);
            server.Kill();
            server.WaitForExit(5_000);
        }
        catch (ArgumentException)
        {
            // already gone
        }
        catch (InvalidOperationException)
        {
        }
    }

    [GeneratedRegex(@"^MOSH CONNECT (\d+) ([A-Za-z0-9+/]{22})\s*$", RegexOptions.Multiline)]
    private static partial Regex ConnectLine();

    [GeneratedRegex(@"pid = (\d+)")]
    private static partial Regex PidLine();
}
