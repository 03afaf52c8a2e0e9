using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Mosh.Bench.GcWatch;

/// <summary>
/// <c>Mosh.Bench.GcWatch PID</c>: opens an EventPipe session on a running .NET process (a JIT
/// build of mosh-server) with the runtime's GC events, prints <c>ready</c>, and records until its
/// standard input closes. Then it prints one line per event, times in Unix seconds so the caller
/// can match them against its own phases:
/// <code>
/// gc TIME GENERATION REASON
/// alloc TIME BYTES TYPE        (a GCAllocationTick: about every 100 KB allocated)
/// </code>
/// The runtime's own GC events come from native code, so they flow even though the server is
/// built with EventSource support off, exactly like the Native AOT binary.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            Console.Error.WriteLine("usage: Mosh.Bench.GcWatch PID");
            return 2;
        }

        var providers = new[]
        {
            // Verbose brings GCAllocationTick (with the allocated type's name) besides GCStart/End.
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GC),
        };
        var client = new DiagnosticsClient(pid);
        using EventPipeSession session = client.StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 64);

        var lines = new List<string>();
        var source = new EventPipeEventSource(session.EventStream);
        source.Clr.GCStart += (GCStartTraceData e) =>
            Add(lines, string.Create(CultureInfo.InvariantCulture, $"gc {Unix(e.TimeStamp):F6} {e.Depth} {e.Reason}"));
        source.Clr.GCAllocationTick += (GCAllocationTickTraceData e) =>
            Add(lines, string.Create(CultureInfo.InvariantCulture, $"alloc {Unix(e.TimeStamp):F6} {e.AllocationAmount64} {e.TypeName}"));
        var reader = new Thread(() => source.Process()) { IsBackground = true };
        reader.Start();

        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        while (Console.In.ReadLine() is not null) { }

        try { session.Stop(); }
        catch (ServerNotAvailableException) { } // the process ended first: its stream has ended too
        catch (EndOfStreamException) { }
        reader.Join(TimeSpan.FromSeconds(10));
        lock (lines)
        {
            foreach (string line in lines) Console.Out.WriteLine(line);
        }
        return 0;
    }

    private static void Add(List<string> lines, string line)
    {
        lock (lines) lines.Add(line);
    }

    private static double Unix(DateTime time) => (time.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
}
