using System.Diagnostics;
using System.Text;
using Mosh.Tests.Support;

namespace Mosh.Tests.Interop;

/// <summary>
/// The launcher reads what the server side prints until the MOSH CONNECT line. A server (or a
/// login script) that prints megabytes without a newline must not grow it: the output is passed
/// through to the user, and the connect line after it is still found.
/// </summary>
[Trait("Category", "Interop")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class LauncherOutputBoundTests
{
    private const int LongLineBytes = 64 << 20;

    [Fact]
    public void ALineWithoutEndDoesNotGrowTheLauncher()
    {
        string dir = Directory.CreateTempSubdirectory("moshaot-launcher-bound-").FullName;
        try
        {
            string server = Path.Combine(dir, "fake-server");
            File.WriteAllText(server,
                "#!/bin/sh\n" +
                $"head -c {LongLineBytes} /dev/zero | tr '\\0' x\n" +
                "printf '\\nMOSH CONNECT 60001 AAAAAAAAAAAAAAAAAAAAAA\\n'\n");
            string client = Path.Combine(dir, "fake-client");
            File.WriteAllText(client, "#!/bin/sh\necho \"fake client: $2 $3\"\n");
            File.SetUnixFileMode(server, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(client, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var psi = new ProcessStartInfo(MoshPrograms.OurLauncher)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in (string[])["--local", $"--server={server}", $"--client={client}", "127.0.0.1"]) psi.ArgumentList.Add(a);
            psi.Environment["LANG"] = "C.UTF-8";
            psi.Environment["TERM"] = "xterm-256color";
            using var p = Process.Start(psi)!;
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            long peakRssKb = 0;
            using var sampler = new Timer(_ => peakRssKb = Math.Max(peakRssKb, RssKb(p.Id)), null, 0, 10);

            // Drain stdout, keeping only the count and the end.
            long bytes = 0;
            var tail = new StringBuilder();
            var buffer = new char[65536];
            var clock = Stopwatch.StartNew();
            int n;
            while ((n = p.StandardOutput.Read(buffer, 0, buffer.Length)) > 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                bytes += n;
                tail.Append(buffer, 0, n);
                if (tail.Length > 4096) tail.Remove(0, tail.Length - 4096);
            }
            Assert.True(p.WaitForExit(30_000), "the launcher did not finish");
            sampler.Dispose();

            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr.Result}");
            Assert.EndsWith("fake client: 127.0.0.1 60001\n", tail.ToString());
            Assert.True(bytes >= LongLineBytes, $"only {bytes} bytes passed through");
            // Ours idles at about 10 MB; holding the line would take well over 64 MB.
            Assert.True(peakRssKb < 40_000, $"the launcher grew to {peakRssKb} kB");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static long RssKb(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().ToString().Split(' ')[0]);
        }
        catch (IOException) { }
        return 0;
    }
}
