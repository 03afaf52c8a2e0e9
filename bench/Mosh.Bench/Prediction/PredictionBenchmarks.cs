using BenchmarkDotNet.Attributes;
using Mosh.Overlays;
using Mosh.Overlays.Prediction;
using Mosh.Terminal.Screen;

namespace Mosh.Bench.Prediction;

/// <summary>
/// Client-side cost per keystroke and per frame on an 80×24 screen: predicting (which judges all
/// outstanding guesses first, as upstream does per byte) and drawing the overlays into a copy of
/// the server frame.
/// </summary>
[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private const int Keystrokes = 64;

    private Framebuffer _server = null!;
    private Framebuffer _displayed = null!;
    private OverlayManager _overlays = null!;
    private readonly byte[] _key = [(byte)'a'];
    private long _now;
    private ulong _sent;

    [GlobalSetup]
    public void Setup()
    {
        _server = new Framebuffer(80, 24);
        _displayed = new Framebuffer(_server);
        var engine = new PredictionEngine(PredictionDisplayMode.Always);
        engine.SetSendInterval(100);
        var bar = new NotificationBar(0);
        bar.SetEscapeKeyName("Ctrl-^");
        _overlays = new OverlayManager(engine, bar, new TitleOverlay(true));
        engine.Cull(_server, 0);
        for (int i = 0; i < 40; i++)
        {
            engine.SetLocalFrameSent(_sent++);
            engine.NewUserInput(_key, _server, 0);
        }
    }

    /// <summary>A line of typing that the server never echoes (the worst case: everything stays outstanding).</summary>
    [Benchmark(OperationsPerInvoke = Keystrokes)]
    public void TypeUnechoedLine()
    {
        PredictionEngine engine = _overlays.Predictions;
        engine.Reset();
        for (int i = 0; i < Keystrokes; i++)
        {
            engine.SetLocalFrameSent(_sent++);
            engine.NewUserInput(_key, _server, _now++);
        }
    }

    /// <summary>One frame: copy the server frame, cull, draw predictions, the bar (server late) and the title.</summary>
    [Benchmark]
    public void ApplyOverlays()
    {
        _displayed.CopyFrom(_server);
        _overlays.Apply(_displayed, 10_000 + _now);
    }
}
