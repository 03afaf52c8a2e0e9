using SharpFuzz;

namespace Mosh.Fuzz;

/// <summary>
/// Fuzz entry points, chosen by the first argument. Each target must never throw and never
/// grow memory without bound on any input; a crash here is a bug in the library.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: Mosh.Fuzz TARGET [--libfuzzer]   (targets: " + string.Join(", ", Targets.Names) + ")");
            return 2;
        }
        if (!Targets.TryGet(args[0], out var target))
        {
            Console.Error.WriteLine("unknown target " + args[0]);
            return 2;
        }
        if (args.Length > 1 && args[1] == "--libfuzzer")
            Fuzzer.LibFuzzer.Run(span => target(span));
        else
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var ms = new MemoryStream();
                stream.CopyTo(ms);
                target(ms.GetBuffer().AsSpan(0, (int)ms.Length));
            });
        return 0;
    }
}
