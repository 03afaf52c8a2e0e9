using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Mosh.Tests.Support;

/// <summary>
/// Where the programs under test are: our Native AOT binary (from MOSH_AOT_BINARY, which
/// `make test` sets, else build/ in the repository) and Debian's upstream mosh 1.4.0.
/// </summary>
public static partial class MoshPrograms
{
    public static string RepositoryRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "mosh-aot.sln"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>Our binary, or null if it has not been built.</summary>
    public static string? OurBinary
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("MOSH_AOT_BINARY");
            if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
            string local = Path.Combine(RepositoryRoot, "build", "mosh-aot");
            return File.Exists(local) ? local : null;
        }
    }

    public static string OurServer => Path.Combine(Path.GetDirectoryName(RequireOurBinary())!, "mosh-server");
    public static string OurClient => Path.Combine(Path.GetDirectoryName(RequireOurBinary())!, "mosh-client");
    public static string OurLauncher => Path.Combine(Path.GetDirectoryName(RequireOurBinary())!, "mosh");

    public const string UpstreamServer = "/usr/bin/mosh-server";
    public const string UpstreamClient = "/usr/bin/mosh-client";
    public const string UpstreamLauncher = "/usr/bin/mosh";

    public static bool UpstreamInstalled => File.Exists(UpstreamServer) && File.Exists(UpstreamClient);

    public static string RequireOurBinary() =>
        OurBinary ?? throw new InvalidOperationException("build/mosh-aot is missing: run `make` (make test builds it first)");

    public static string RequireUpstream(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: apt-get install mosh");

    /// <summary>A started mosh-server: the port and key from its MOSH CONNECT line and the daemon's pid.</summary>
    public sealed record ServerInfo(int Port, string Key, int Pid, string Stdout, string Stderr) : IDisposable
    {
        public bool IsRunning
        {
            get
            {
                try
                {
                    using var p = Process.GetProcessById(Pid);
                    return !p.HasExited && !File.ReadAllText($"/proc/{Pid}/stat").Contains(") Z ", StringComparison.Ordinal);
                }
                catch (ArgumentException) { return false; }
                catch (IOException) { return false; }
            }
        }

        public bool WaitForExit(TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < timeout)
            {
                if (!IsRunning) return true;
                Thread.Sleep(50);
            }
            return !IsRunning;
        }

        public void Signal(string signal) => Run("kill", ["-" + signal, Pid.ToString()], TimeSpan.FromSeconds(5));

        public void Dispose()
        {
            if (IsRunning) Signal("KILL");
        }
    }

    /// <summary>A program to run and the arguments that come before the ones a test adds.</summary>
    public sealed record Invocation(string File, string[] LeadingArgs);

    /// <summary>
    /// Runs `SERVER [subcommand] new -i 127.0.0.1 -p 0 [args] -- command` with stdin not a tty (so 80×24 and no
    /// blank line), as the protocol document's interop recipe does (protocol §11), and parses what it prints.
    /// </summary>
    public static ServerInfo StartServer(string server, string[] command, string[]? extraArgs = null, IDictionary<string, string>? env = null,
        string[]? subcommand = null, string[]? commandPrefix = null) =>
        StartServer(new Invocation(server, subcommand ?? []), command, extraArgs, env, commandPrefix);

    /// <inheritdoc cref="StartServer(string, string[], string[], IDictionary{string, string}, string[], string[])"/>
    public static ServerInfo StartServer(Invocation server, string[] command, string[]? extraArgs = null, IDictionary<string, string>? env = null,
        string[]? commandPrefix = null)
    {
        var args = new List<string>(server.LeadingArgs) { "new", "-i", "127.0.0.1", "-p", "0" };
        if (extraArgs is not null) args.AddRange(extraArgs);
        args.Add("--");
        args.AddRange(command);
        var envAll = new Dictionary<string, string> { ["LANG"] = "C.UTF-8" };
        if (env is not null) foreach (var (k, v) in env) envAll[k] = v;
        var (exit, stdout, stderr) = commandPrefix is null
            ? Run(server.File, args.ToArray(), TimeSpan.FromSeconds(30), envAll)
            : Run(commandPrefix[0], [.. commandPrefix[1..], server.File, .. args], TimeSpan.FromSeconds(30), envAll);
        var connect = ConnectLine().Match(stdout);
        var pid = PidLine().Match(stderr);
        if (exit != 0 || !connect.Success || !pid.Success)
            throw new InvalidOperationException($"{server.File} {string.Join(' ', server.LeadingArgs)} did not start (exit {exit}):\n{stdout}\n{stderr}");
        return new ServerInfo(int.Parse(connect.Groups[1].Value), connect.Groups[2].Value, int.Parse(pid.Groups[1].Value), stdout, stderr);
    }

    /// <summary>Runs a program to completion (bounded), returning exit code and output.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(string file, string[] args, TimeSpan timeout,
        IDictionary<string, string>? env = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        // The server's daemon inherits nothing of ours, so these reads end when the parent exits.
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }
        if (!Task.WaitAll([outTask, errTask], timeout))
            throw new TimeoutException($"{file} exited but its output did not end within {timeout}");
        return (p.ExitCode, outTask.Result, errTask.Result);
    }

    [GeneratedRegex(@"^MOSH CONNECT (\d+) ([A-Za-z0-9/+]{22})\s*$", RegexOptions.Multiline)]
    private static partial Regex ConnectLine();

    [GeneratedRegex(@"detached, pid = (\d+)")]
    private static partial Regex PidLine();
}
