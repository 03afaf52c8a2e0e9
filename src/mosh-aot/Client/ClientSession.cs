using Mosh.Crypto;
using Mosh.Network;
using Mosh.Overlays;
using Mosh.Overlays.Prediction;
using Mosh.Posix;
using Mosh.StateSync;
using Mosh.Terminal.Display;
using Mosh.Terminal.Screen;
using Mosh.Transport;
using MoshAot.Net;

namespace MoshAot.Client;

/// <summary>
/// mosh-client's session: one poll loop over the terminal, the UDP socket(s) and a signal pipe.
/// Keystrokes go into the user stream; the newest server frame, with the overlays (predictions,
/// notification bar, title prefix) drawn over a copy, is rendered as a minimal diff against what
/// the terminal shows (spec §5.7, §6.6–§6.8).
/// </summary>
internal sealed class ClientSession : IDisposable
{
    /// <summary>Hop to a new source port when nothing round-trips for this long (spec §3.3).</summary>
    private const long PortHopIntervalMs = 10_000;

    /// <summary>Old sockets are kept this long after a hop, for late replies.</summary>
    private const long OldSocketLifetimeMs = 60_000;

    private const int MaxSockets = 10;

    /// <summary>With no server state this long after start, give up (upstream's "Timed out waiting for server...").</summary>
    private const long ConnectTimeoutMs = 15_000;

    /// <summary>"Nothing received from server" appears once no state arrived this long after start.</summary>
    private const long NothingReceivedAfterMs = 250;

    private readonly NetAddress _server;
    private readonly string _portText;
    private readonly LocalTerminal _local;
    private readonly DatagramLink _link;
    private readonly Transport<UserStream, CompleteTerminal> _transport;
    private readonly List<(UdpSocket Socket, long OpenedMs)> _sockets = new();
    private readonly SignalPipe _signals = new();
    private readonly Poller _poller = new(MaxSockets + 2);
    private readonly EscapeKeyHandler _escape;
    private readonly OverlayManager _overlays;
    private readonly FrameRenderer _renderer;
    private readonly OutputBuffer _output = new(64 * 1024);
    private readonly byte[] _input = new byte[16_384];
    private readonly byte[] _toSend = new byte[16_384 + 2];
    private Framebuffer _displayed;
    private Framebuffer _frame;
    private bool _repaint = true;
    private readonly long _startMs;
    private long _lastPortChoiceMs;
    private ulong _lastRemoteNum;
    private bool _everHeard;
    private bool _quitting;

    public ClientSession(NetAddress server, string portText, SessionKey key, LocalTerminal local, PredictionDisplayMode predict,
        bool overwrite, long nowMs)
    {
        _server = server;
        _portText = portText;
        _local = local;
        _startMs = nowMs;
        _lastPortChoiceMs = nowMs;
        LocalTerminal.TryGetSize(out int columns, out int rows);
        _link = new DatagramLink(key, Direction.ToServer);
        OpenSocket(nowMs);
        var remote = new CompleteTerminal(columns, rows);
        _transport = new Transport<UserStream, CompleteTerminal>(TransportSide.Client, new UserStream(), remote, _link, _link, nowMs);
        // The first thing the server learns is our window size (§5.3).
        _transport.CurrentState.PushResize(columns, rows);

        _escape = EscapeKeyHandler.FromEnvironment(Environment.GetEnvironmentVariable("MOSH_ESCAPE_KEY"));
        var notifications = new NotificationBar(nowMs);
        notifications.SetEscapeKeyName(_escape.KeyName);
        _overlays = new OverlayManager(new PredictionEngine(predict, overwrite), notifications,
            TitleOverlay.FromEnvironment(Environment.GetEnvironmentVariable("MOSH_TITLE_NOPREFIX")));
        _renderer = new FrameRenderer(local.Capabilities);
        _displayed = new Framebuffer(columns, rows);
        _frame = new Framebuffer(columns, rows);
    }

    /// <summary>True when the session ended with the shutdown handshake (exit status 0).</summary>
    public bool CleanExit { get; private set; }

    /// <summary>Whether any server state ever arrived (for the exit message).</summary>
    public bool EverConnected => _everHeard;

    public int Run()
    {
        _signals.Watch(Signals.SIGWINCH);
        _signals.Watch(Signals.SIGTERM);
        _signals.Watch(Signals.SIGINT);
        _signals.Watch(Signals.SIGHUP);
        _signals.Watch(Signals.SIGPIPE);
        _signals.Watch(Signals.SIGCONT);
        FileDescriptor.SetNonBlocking(0, true);

        _local.Enter();
        _renderer.Render(_displayed, _frame, initialized: false, ClearOutput());
        Flush();
        _repaint = false;

        while (true)
        {
            long now = MonotonicClock.NowMs;
            _link.SetTime(now);
            Draw(now);

            int wait = _transport.WaitTimeMs(now);
            wait = Math.Min(wait, _overlays.WaitTimeMs(now));
            if (!_everHeard) wait = Math.Min(wait, 250);
            wait = Math.Max(0, wait);

            _poller.Truncate(0);
            int stdinSlot = _quitting ? _poller.Add(-1, PollEvents.Readable) : _poller.Add(0, PollEvents.Readable);
            int signalSlot = _poller.Add(_signals.ReadFd, PollEvents.Readable);
            int firstSocket = _poller.Count;
            foreach (var (socket, _) in _sockets) _poller.Add(socket.Fd, PollEvents.Readable);
            _poller.Wait(wait, out _);

            now = MonotonicClock.NowMs;
            _link.SetTime(now);

            for (int i = 0; i < _sockets.Count; i++)
                if (_poller.IsReadable(firstSocket + i)) ReceiveFrom(_sockets[i].Socket, now);

            if (_poller.IsReadable(signalSlot)) HandleSignals(now);

            if (!_quitting && _poller.IsReadable(stdinSlot)) ReadKeyboard(now);

            if (!_everHeard)
            {
                if (now - _startMs > ConnectTimeoutMs && !_transport.ShutdownInProgress)
                {
                    _overlays.Notifications.SetMessage("Timed out waiting for server...", now, permanent: true);
                    StartShutdown(now);
                }
                else if (now - _startMs > NothingReceivedAfterMs && !_quitting)
                {
                    _overlays.Notifications.SetMessage($"Nothing received from server on UDP port {_portText}.", now);
                }
            }

            _transport.Tick(now);
            ReportSendError(now);
            MaybeHopPort(now);

            if (_transport.ShutdownInProgress && _transport.ShutdownAcknowledged)
            {
                CleanExit = true;
                break;
            }
            if (_transport.ShutdownInProgress && _transport.ShutdownAckTimedOut(now)) break;
            if (_transport.CounterpartyShutdownAckSent)
            {
                CleanExit = true;
                break;
            }
            if (_link.Exhausted) break;
        }

        // One last frame without the notification bar and the title prefix.
        _overlays.Notifications.SetMessage("", MonotonicClock.NowMs);
        _overlays.Title.Enabled = false;
        DrawFinal();
        return CleanExit ? 0 : 1;
    }

    private void StartShutdown(long now)
    {
        if (_transport.ShutdownInProgress) return;
        _quitting = true;
        _transport.StartShutdown(now);
    }

    private OutputBuffer ClearOutput()
    {
        _output.Clear();
        return _output;
    }

    private void Flush() => LocalTerminal.Write(_output.WrittenSpan);

    private void Draw(long now)
    {
        CompleteTerminal remote = _transport.RemoteState;
        if (remote.Framebuffer.Width != _frame.Width || remote.Framebuffer.Height != _frame.Height)
        {
            // The server's frame follows our size; until it does, predictions would land in the wrong place.
            _overlays.Predictions.Reset();
        }
        _frame.CopyFrom(remote.Framebuffer);
        _overlays.Predictions.SetSendInterval(_link.SendIntervalMs);
        _overlays.Apply(_frame, now);
        _renderer.Render(_displayed, _frame, initialized: !_repaint, ClearOutput());
        _repaint = false;
        if (_output.Length > 0)
        {
            Flush();
            (_displayed, _frame) = (_frame, _displayed);
        }
    }

    private void DrawFinal()
    {
        _frame.CopyFrom(_transport.RemoteState.Framebuffer);
        _overlays.Title.Apply(_frame);
        _renderer.Render(_displayed, _frame, initialized: true, ClearOutput());
        Flush();
    }

    private void ReceiveFrom(UdpSocket socket, long now)
    {
        for (int i = 0; i < 64; i++)
        {
            if (!_link.TryReceive(socket, now, out ReceiveStatus status, out ReceivedDatagram info, out Instruction instruction, out _))
                break;
            if (!info.Authentic)
            {
                if (status == ReceiveStatus.AuthenticationFailed)
                    _overlays.Notifications.SetMessage("Crypto exception: Packet failed integrity check.", now);
                continue;
            }
            if (status != ReceiveStatus.Instruction) continue;
            Mosh.Transport.ReceiveResult result = _transport.Receive(instruction, now);
            if (result == Mosh.Transport.ReceiveResult.VersionMismatch)
            {
                _overlays.Notifications.SetMessage("mosh protocol version mismatch", now);
                continue;
            }
            PredictionEngine p = _overlays.Predictions;
            p.SetSendInterval(_link.SendIntervalMs);
            p.SetLocalFrameLateAcked(_transport.RemoteState.EchoAck);
            _overlays.Notifications.ServerAcked(_transport.LastRoundtripSuccessMs);
        }
        if (_transport.RemoteStateNum != _lastRemoteNum)
        {
            _lastRemoteNum = _transport.RemoteStateNum;
            if (!_everHeard)
            {
                _everHeard = true;
                _overlays.Notifications.SetMessage("", now);
            }
            _overlays.Notifications.ServerHeard(_transport.RemoteStateReceivedMs);
            PruneOldSockets(now);
        }
    }

    private void ReadKeyboard(long now)
    {
        IoResult r = FileDescriptor.Read(0, _input);
        if (r.WouldBlock) return;
        if (!r.IsSuccess || r.Count == 0)
        {
            _overlays.Notifications.SetMessage("Exiting...", now, permanent: true);
            StartShutdown(now);
            return;
        }

        ReadOnlySpan<byte> input = _input.AsSpan(0, r.Count);
        PredictionEngine predictions = _overlays.Predictions;
        predictions.SetLocalFrameSent(_transport.LastSentLocalStateNum);
        UserStream stream = _transport.CurrentState;
        while (!input.IsEmpty)
        {
            EscapeAction action = _escape.Process(input, _toSend, out int consumed, out int written);
            ReadOnlySpan<byte> send = _toSend.AsSpan(0, written);
            if (!send.IsEmpty)
            {
                predictions.NewUserInput(send, _displayed, now);
                stream.PushBytes(send);
            }
            input = input[consumed..];
            switch (action)
            {
                case EscapeAction.EscapeStarted:
                    _overlays.Notifications.SetMessage(_escape.HelpText, now, permanent: true, showQuitKeystroke: false);
                    break;
                case EscapeAction.EscapeEnded:
                    _overlays.Notifications.SetMessage("", now);
                    break;
                case EscapeAction.Quit:
                    if (!_transport.ShutdownInProgress)
                    {
                        _overlays.Notifications.SetMessage("Exiting on user request...", now, permanent: true);
                        StartShutdown(now);
                    }
                    return;
                case EscapeAction.Suspend:
                    _overlays.Notifications.SetMessage("", now);
                    Suspend();
                    break;
                case EscapeAction.RepaintRequested:
                    _repaint = true;
                    break;
            }
        }
    }

    private void Suspend()
    {
        _local.Restore();
        LocalTerminal.Write("\n\x1b[37;44m[mosh is suspended.]\x1b[m\n"u8);
        Signals.StopProcessGroup();
        // Execution continues here after SIGCONT.
        _local.Enter();
        _repaint = true;
    }

    private void HandleSignals(long now)
    {
        ulong pending = _signals.TakePending();
        if (SignalPipe.Contains(pending, Signals.SIGWINCH) && LocalTerminal.TryGetSize(out int columns, out int rows))
        {
            _transport.CurrentState.PushResize(columns, rows);
            _overlays.Predictions.Reset();
        }
        if (SignalPipe.Contains(pending, Signals.SIGCONT)) _repaint = true;
        if (SignalPipe.Contains(pending, Signals.SIGTERM) || SignalPipe.Contains(pending, Signals.SIGINT)
            || SignalPipe.Contains(pending, Signals.SIGHUP) || SignalPipe.Contains(pending, Signals.SIGPIPE))
        {
            if (!_transport.ShutdownInProgress)
            {
                _overlays.Notifications.SetMessage("Signal received, shutting down...", now, permanent: true);
                StartShutdown(now);
            }
        }
    }

    private void ReportSendError(long now)
    {
        if (_link.SendError is { } error) _overlays.Notifications.SetNetworkError(error, now);
        else _overlays.Notifications.ClearNetworkError(now);
    }

    /// <summary>
    /// Port hopping (spec §3.3): when neither a new port nor a round trip happened for 10 s, send from
    /// a fresh socket — a NAT that dropped our mapping, or a network change, then gets a new one.
    /// </summary>
    private void MaybeHopPort(long now)
    {
        if (now - _lastPortChoiceMs <= PortHopIntervalMs) return;
        if (now - _transport.LastRoundtripSuccessMs <= PortHopIntervalMs) return;
        OpenSocket(now);
    }

    private void OpenSocket(long now)
    {
        UdpSocket? socket = UdpSocket.Create(_server.Family, out Errno error);
        _lastPortChoiceMs = now;
        if (socket is null)
        {
            _overlays?.Notifications.SetNetworkError("socket: " + error.Message, now);
            return;
        }
        _sockets.Add((socket, now));
        _link.SetSendPath(socket, _server);
        while (_sockets.Count > MaxSockets)
        {
            _sockets[0].Socket.Dispose();
            _sockets.RemoveAt(0);
        }
    }

    private void PruneOldSockets(long now)
    {
        if (_sockets.Count <= 1 || now - _lastPortChoiceMs <= OldSocketLifetimeMs) return;
        for (int i = 0; i < _sockets.Count - 1; i++) _sockets[i].Socket.Dispose();
        _sockets.RemoveRange(0, _sockets.Count - 1);
    }

    public void Dispose()
    {
        _local.Restore();
        foreach (var (socket, _) in _sockets) socket.Dispose();
        _signals.Dispose();
        _link.Dispose();
        FileDescriptor.SetNonBlocking(0, false);
    }
}
