using Mosh.Overlays;
using Mosh.Overlays.Prediction;
using Mosh.Terminal.Screen;
using Mosh.Tests.Support;

namespace Mosh.Tests.Overlays;

/// <summary>Steady-state typing with predictions, culling, the bar and the title allocates nothing.</summary>
public class OverlayAllocationTests
{
    private sealed class Typist
    {
        private readonly Framebuffer _server = new(80, 24);
        private readonly Framebuffer _displayed;
        private readonly OverlayManager _overlays;
        private readonly EscapeKeyHandler _escape = EscapeKeyHandler.Default;
        private readonly byte[] _output = new byte[16];
        private readonly byte[][] _keys = new byte[64][];
        private readonly int[] _pending = new int[8]; // keystrokes the server has not echoed yet
        private int _pendingCount;
        private ulong _sent;
        public long Checksum;
        public int BarFrames;
        public int PredictedCells;

        public Typist()
        {
            _displayed = new Framebuffer(_server);
            var engine = new PredictionEngine(PredictionDisplayMode.Adaptive);
            engine.SetSendInterval(100); // slow link: shown and underlined
            var bar = new NotificationBar(0);
            bar.SetEscapeKeyName(_escape.KeyName);
            _overlays = new OverlayManager(engine, bar, new TitleOverlay(true));
            for (int i = 0; i < _keys.Length; i++)
            {
                _keys[i] = i % 40 == 39 ? [(byte)'\r']
                    : i % 17 == 16 ? [0x7F]
                    : i % 29 == 28 ? [0x1B, (byte)'[', (byte)'D']
                    : [(byte)('a' + i % 26)];
            }
        }

        public void Step(int i)
        {
            long now = i * 20L;
            int keyIndex = i % _keys.Length;
            byte[] key = _keys[keyIndex];
            PredictionEngine engine = _overlays.Predictions;
            engine.SetLocalFrameSent(_sent);
            engine.NewUserInput(key, _displayed, now);
            _escape.Process(key, _output, out _, out int written);
            Checksum += written;
            _sent++;

            // The server echoes with a lag of a few keystrokes.
            if (_pendingCount == _pending.Length)
            {
                Echo(_pending[0]);
                Array.Copy(_pending, 1, _pending, 0, _pending.Length - 1);
                _pendingCount--;
                engine.SetLocalFrameLateAcked(_sent - (ulong)_pending.Length);
            }
            _pending[_pendingCount++] = keyIndex;

            NotificationBar bar = _overlays.Notifications;
            if (i % 300 == 0)
            {
                bar.SetMessage("Nothing received from server on UDP port 60001.", now);
            }
            if (i % 50 != 49)
            {
                bar.ServerHeard(now); // now and then the server goes quiet for a while
                bar.ServerAcked(now);
            }
            _displayed.CopyFrom(_server);
            _overlays.Apply(_displayed, now);
            Checksum += _overlays.WaitTimeMs(now);
            if (_displayed.GetRow(0)[0].Renditions.Background == Color.Palette(4))
            {
                BarFrames++;
            }
            foreach (Cell c in _displayed.GetRow(_displayed.CursorRow).Cells)
            {
                if (c.Renditions.Has(RenditionAttributes.Underline))
                {
                    PredictedCells++;
                }
            }
        }

        private void Echo(int keyIndex)
        {
            byte[] key = _keys[keyIndex];
            int row = _server.CursorRow;
            int col = _server.CursorColumn;
            if (key[0] == '\r')
            {
                _server.CursorRow = (row + 1) % _server.Height;
                _server.CursorColumn = 0;
                _server.ResetRow(_server.CursorRow);
            }
            else if (key[0] == 0x7F || key[0] == 0x1B)
            {
                if (col > 0)
                {
                    _server.CursorColumn = col - 1;
                    if (key[0] == 0x7F)
                    {
                        _server.GetMutableRow(row).DeleteCells(col - 1, 1, default);
                    }
                }
            }
            else if (col < _server.Width - 1)
            {
                Row r = _server.GetMutableRow(row);
                r.InsertCells(col, 1, default);
                r.WritableCells[col] = new Cell(key[0], default, CellFlags.None);
                _server.CursorColumn = col + 1;
            }
        }
    }

    [Fact]
    public void TypingThousandsOfKeystrokesAllocatesNothing()
    {
        var typist = new Typist();
        int i = 0;
        for (; i < 2000; i++)
        {
            typist.Step(i);
        }
        // Windows of 4 000 keystrokes (a one-time effect in the first, such as code being
        // recompiled, cannot fail it; a keystroke that allocates fails every window).
        long allocated = SteadyStateAllocations.Measure(() => typist.Step(i++), iterations: 4000);
        Assert.Equal(0, allocated);
        Assert.NotEqual(0, typist.Checksum);
        Assert.True(typist.PredictedCells > 1000, $"predicted cells drawn: {typist.PredictedCells}");
        Assert.True(typist.BarFrames > 100, $"frames with the bar: {typist.BarFrames}");
    }
}
