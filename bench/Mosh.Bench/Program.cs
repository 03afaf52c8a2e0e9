using BenchmarkDotNet.Running;

namespace Mosh.Bench;

/// <summary>`make bench` runs every benchmark; pass BenchmarkDotNet arguments (e.g. --filter *Ocb*) to narrow it.</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
}
