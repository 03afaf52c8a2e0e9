using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mosh.Tests.Support;

/// <summary>
/// A throwaway OpenSSH server on 127.0.0.1 for launcher tests: its own host key, one authorized
/// client key, a config in a temporary directory, run in the foreground (`sshd -D -e`) so the
/// test owns it. Disposing kills it and removes the directory. Tests run as root, so the login
/// is root@127.0.0.1 with the throwaway key.
/// </summary>
public sealed class SshServer : IDisposable
{
    public const string Sshd = "/usr/sbin/sshd";
    public const string SshKeygen = "/usr/bin/ssh-keygen";

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SshServer(string directory, int port, string clientKey, Process process)
    {
        Directory = directory;
        Port = port;
        ClientKey = clientKey;
        _process = process;
    }

    public string Directory { get; }
    public int Port { get; }

    /// <summary>The private key ssh must use (-i) to log in.</summary>
    public string ClientKey { get; }

    /// <summary>What sshd has logged so far (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Why these tests cannot run here, or null if they can.</summary>
    public static string? Unavailable =>
        !File.Exists(Sshd) ? $"{Sshd} is missing: apt-get install openssh-server"
        : !File.Exists(SshKeygen) ? $"{SshKeygen} is missing: apt-get install openssh-client"
        : TmuxSession.FindOnPath("ssh") is null ? "ssh is missing: apt-get install openssh-client"
        : Environment.UserName != "root" ? "the sshd launcher tests log in as root and must run as root"
        : null;

    /// <summary>
    /// An ssh command line (for --ssh=…) that logs in to this server with the throwaway key,
    /// ignoring the user's and the system's ssh configuration and known hosts.
    /// </summary>
    public string SshCommand =>
        $"ssh -F /dev/null -p {Port} -i {ClientKey} -o IdentitiesOnly=yes -o BatchMode=yes " +
        "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";

    public static SshServer Start()
    {
        if (Unavailable is { } why) throw new InvalidOperationException(why);
        string dir = Path.Combine(Path.GetTempPath(), $"moshaot-sshd-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        Process? process = null;
        try
        {
            // The privilege-separation directory sshd insists on.
            System.IO.Directory.CreateDirectory("/run/sshd");
            string hostKey = Path.Combine(dir, "host_ed25519");
            string clientKey = Path.Combine(dir, "client_ed25519");
            Keygen(hostKey);
            Keygen(clientKey);
            string authorized = Path.Combine(dir, "authorized_keys");
            File.Copy(clientKey + ".pub", authorized);

            // A port picked free may be taken again before sshd binds it (tests run in parallel): try a few.
            for (int attempt = 1; ; attempt++)
            {
                int port = FreePort();
                string config = WriteConfig(dir, port, hostKey, authorized);
                process = StartSshd(config);
                var server = new SshServer(dir, port, clientKey, process);
                process.ErrorDataReceived += server.OnOutput;
                process.OutputDataReceived += server.OnOutput;
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                process.StandardInput.Close();

                string listening = $"Server listening on 127.0.0.1 port {port}.";
                var sw = Stopwatch.StartNew();
                while (!server.Log.Contains(listening, StringComparison.Ordinal) && !process.HasExited && sw.Elapsed < TimeSpan.FromSeconds(10))
                    Thread.Sleep(20);
                if (server.Log.Contains(listening, StringComparison.Ordinal) && !process.HasExited) return server;
                Stop(process);
                process = null;
                if (attempt == 3)
                    throw new InvalidOperationException($"sshd did not start listening on 127.0.0.1:{port}:\n{server.Log}");
            }
        }
        catch
        {
            Stop(process);
            TryDelete(dir);
            throw;
        }
    }

    private static string WriteConfig(string dir, int port, string hostKey, string authorized)
    {
        string config = Path.Combine(dir, "sshd_config");
        File.WriteAllText(config,
            $"ListenAddress 127.0.0.1:{port}\n" +
            $"HostKey {hostKey}\n" +
            $"PidFile {Path.Combine(dir, "sshd.pid")}\n" +
            $"AuthorizedKeysFile {authorized}\n" +
            "StrictModes no\n" +
            "UsePAM no\n" +
            "PermitRootLogin prohibit-password\n" +
            "PubkeyAuthentication yes\n" +
            "PasswordAuthentication no\n" +
            "KbdInteractiveAuthentication no\n" +
            "X11Forwarding no\n" +
            "AllowTcpForwarding no\n" +
            "PrintMotd no\n" +
            "PrintLastLog no\n");
        return config;
    }

    private static Process StartSshd(string config)
    {
        var psi = new ProcessStartInfo(Sshd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-D", "-e", "-f", config }) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private void OnOutput(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null) return;
        lock (_log) _log.Append(e.Data).Append('\n');
    }

    private static void Keygen(string path)
    {
        var (exit, stdout, stderr) = MoshPrograms.Run(SshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", "moshaot-test", "-f", path],
            TimeSpan.FromSeconds(15));
        if (exit != 0) throw new InvalidOperationException($"ssh-keygen failed ({exit}):\n{stdout}\n{stderr}");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Stop(Process? process)
    {
        if (process is null) return;
        try
        {
            // The listener and its per-connection children; a detached mosh-server is not among them.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        finally
        {
            process.Dispose();
        }
    }

    private static void TryDelete(string dir)
    {
        try { System.IO.Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        Stop(_process);
        TryDelete(Directory);
    }
}
