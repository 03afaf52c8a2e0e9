using Mosh.Crypto;
using Mosh.Network;
using Mosh.Posix;
using Mosh.Overlays;
using Mosh.Overlays.Prediction;
using Mosh.StateSync;
using Mosh.Transport;

namespace MoshAot.Client;

/// <summary>
/// mosh-client's session: one poll loop over the terminal, the connection's UDP socket(s) and a
/// signal pipe (§6.6–§6.8). Keystrokes go into the user stream; server frames are shown by the
/// <see cref="ClientDisplay"/>. The connection keeps the wire rules (port hopping, send errors,
/// last contact), the transport the state sync; this class only moves bytes between them and
/// the OS.
/// </summary>
internal sealed class ClientSession : IDisposable
{
    /// <summary>With no server state this long after start, give up (upstream's "Timed out waiting for server...").</summary>
    private const long ConnectTimeoutMs = 15_000;

    /// <summary>"Nothing received from server" appears once no state arrived this long after start.</summary>
    private const long NothingReceivedAfterMs = 250;

    private readonly string _portText;
    private readonly Connection<UdpSocket, NetAddress> _connection;
    private readonly Transport<UserStream, CompleteTerminal> _transport;
    private readonly SignalPipe _signals = new();
    private readonly Poller _poller = new(Connection<UdpSocket, NetAddress>.MaxSockets + 2);
    private readonly EscapeKeyHandler _escape;
    private readonly ClientDisplay _display;
    private readonly byte[] _input = new byte[16_384];
    private readonly byte[] _toSend = new byte[16_384 + 2];
    private readonly long _startMs;
    private readonly SendErrorNotice _sendErrors = new();
    private readonly RequestedSizes _requestedSizes = new();
    private readonly bool _faultOnSigusr1;
    private readonly int _scrollback;
    private bool _everHeard;
    private bool _quitting;

    /// <summary>After Ctrl-^ d: how long to wait for the server's confirmation before leaving anyway.</summary>
    private const long DetachConfirmTimeoutMs = 3000;

    /// <summary>The detach request rides on an ack sent this often until the server confirms.</summary>
    private const long DetachResendMs = 250;

    private long _detachStartMs = long.MinValue;
    private long _detachSentMs;

    public ClientSession(NetAddress server, string portText, SessionKey key, LocalTerminal local, PredictionDisplayMode predict,
        bool overwrite, long nowMs, bool faultOnSigusr1 = false, int scrollback = 0)
    {
        _scrollback = scrollback;
        _faultOnSigusr1 = faultOnSigusr1;
        _portText = portText;
        _startMs = nowMs;
        LocalTerminal.TryGetSize(out int columns, out int rows);
        _connection = Connection<UdpSocket, NetAddress>.ForClient(new OcbCipher(key), server,
            new UdpSocketFactory(server.Family), nowMs);
        // The server may resize only to the sizes we ask for (and holds no size of its own choosing).
        var remote = new CompleteTerminal(columns, rows) { AcceptedSizes = _requestedSizes };
        // Asking for history (§14.3): the server's lines arrive here, for the display.
        HistoryInbox? inbox = scrollback > 0 ? new HistoryInbox() : null;
        remote.Inbox = inbox;
        _transport = new Transport<UserStream, CompleteTerminal>(TransportSide.Client, new UserStream(), remote,
            _connection.Pipeline, _connection, nowMs);
        // Detach and reattach (§14.1), used only once the server has advertised them.
        _connection.LocalFeatures = SessionFeatures.Sessions;
        // The first thing the server learns is our window size (§5.3).
        RequestSize(columns, rows);

        _escape = EscapeKeyHandler.FromEnvironment(Environment.GetEnvironmentVariable("MOSH_ESCAPE_KEY"));
        var notifications = new NotificationBar(nowMs);
        notifications.SetEscapeKeyName(_escape.KeyName);
        var overlays = new OverlayManager(new PredictionEngine(predict, overwrite), notifications,
            TitleOverlay.FromEnvironment(Environment.GetEnvironmentVariable("MOSH_TITLE_NOPREFIX")));
        _display = new ClientDisplay(local, overlays, columns, rows, inbox);
        if (_connection.SocketErrno != 0)
            notifications.SetNetworkError("socket: " + new Errno(_connection.SocketErrno).Message, nowMs);
    }

    private OverlayManager Overlays => _display.Overlays;

    private void RequestSize(int columns, int rows)
    {
        _requestedSizes.Add(columns, rows);
        _transport.CurrentState.PushResize(columns, rows, _scrollback);
    }

    private NotificationBar Notifications => _display.Overlays.Notifications;

    /// <summary>True when the session ended with the shutdown handshake (exit status 0).</summary>
    public bool CleanExit { get; private set; }

    /// <summary>Whether any server state ever arrived (for the exit message).</summary>
    public bool EverConnected => _everHeard;

    /// <summary>Why the server retired our key, if it did: we detached, or another client took the session over.</summary>
    public RetirementNotice Retirement => _connection.Retirement;

    /// <summary>The user detached (Ctrl-^ d), whether or not the server's confirmation arrived in time.</summary>
    public bool Detached => _detachStartMs != long.MinValue;

    /// <summary>The session's id as the server sent it (empty from an upstream server).</summary>
    public string SessionId => _connection.SessionId;

    public int Run()
    {
        _signals.Watch(Signals.SIGWINCH);
        _signals.Watch(Signals.SIGTERM);
        _signals.Watch(Signals.SIGINT);
        _signals.Watch(Signals.SIGHUP);
        _signals.Watch(Signals.SIGPIPE);
        _signals.Watch(Signals.SIGCONT);
        if (_faultOnSigusr1) _signals.Watch(Signals.SIGUSR1);
        FileDescriptor.SetNonBlocking(0, true);

        _display.Open();

        while (true)
        {
            long now = MonotonicClock.NowMs;
            Overlays.Predictions.SetSendInterval(_connection.Pipeline.SendIntervalMs);
            _display.Draw(_transport.RemoteState, now);

            int wait = _transport.WaitTimeMs(now);
            wait = Math.Min(wait, Overlays.WaitTimeMs(now));
            if (!_everHeard) wait = Math.Min(wait, 250);
            wait = Math.Max(0, wait);

            _poller.Truncate(0);
            int stdinSlot = _quitting ? _poller.Add(-1, PollEvents.Readable) : _poller.Add(0, PollEvents.Readable);
            int signalSlot = _poller.Add(_signals.ReadFd, PollEvents.Readable);
            int firstSocket = _poller.Count;
            int socketCount = _connection.SocketCount;
            for (int i = 0; i < socketCount; i++) _poller.Add(_connection.Socket(i).Fd, PollEvents.Readable);
            _poller.Wait(wait, out _);

            now = MonotonicClock.NowMs;

            // Newest first: receiving may close the older sockets.
            for (int i = socketCount - 1; i >= 0; i--)
                if (_poller.IsReadable(firstSocket + i) && i < _connection.SocketCount) Receive(i, now);

            if (_poller.IsReadable(signalSlot)) HandleSignals(now);

            if (!_quitting && _poller.IsReadable(stdinSlot)) ReadKeyboard(now);

            if (!_everHeard)
            {
                if (now - _startMs > ConnectTimeoutMs && !_transport.ShutdownInProgress)
                {
                    Notifications.SetMessage("Timed out waiting for server...", now, permanent: true);
                    StartShutdown(now);
                }
                else if (now - _startMs > NothingReceivedAfterMs && !_quitting)
                {
                    Notifications.SetMessage($"Nothing received from server on UDP port {_portText}.", now);
                }
            }

            // Large input (a paste) goes in pieces of about a datagram (protocol §4.6.1).
            _transport.ChunkDiffBytes = Mtu.ChunkDiffBytes(_connection.Pipeline.DatagramMtu);
            _transport.Tick(now);
            _sendErrors.Update(_connection.SendFailureCount, _connection.SendErrno, Notifications, now);

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
            if (_connection.Exhausted) break;
            if (_connection.Retirement.Kind != RetirementKind.None)
            {
                CleanExit = true;
                break;
            }
            if (Detached)
            {
                if (now - _detachStartMs >= DetachConfirmTimeoutMs)
                {
                    CleanExit = true;
                    break;
                }
                if (now - _detachSentMs >= DetachResendMs)
                {
                    _detachSentMs = now;
                    _transport.Sender.SetDataAck();
                }
            }
        }

        _display.DrawFinal(_transport.RemoteState, MonotonicClock.NowMs);
        return CleanExit ? 0 : 1;
    }

    private void StartShutdown(long now)
    {
        if (_transport.ShutdownInProgress) return;
        _quitting = true;
        _transport.StartShutdown(now);
    }

    private void Receive(int socketIndex, long now)
    {
        ReceiveSummary received = _connection.ReceiveWaiting(socketIndex, now, _transport);
        if (received.IntegrityFailures > 0)
            Notifications.SetMessage("Crypto exception: Packet failed integrity check.", now);
        if (received.VersionMismatches > 0)
            Notifications.SetMessage("mosh protocol version mismatch", now);
        if (received.Instructions > 0)
        {
            PredictionEngine p = Overlays.Predictions;
            p.SetSendInterval(_connection.Pipeline.SendIntervalMs);
            p.SetLocalFrameLateAcked(_transport.RemoteState.EchoAck);
            Notifications.ServerAcked(_connection.LastRoundtripSuccessMs);
        }
        _escape.DetachAvailable = (_connection.PeerFeatures & SessionFeatures.Sessions) != 0;
        if (received.NewRemoteStates > 0)
        {
            if (!_everHeard)
            {
                _everHeard = true;
                Notifications.SetMessage("", now);
            }
            Notifications.ServerHeard(_connection.LastNewRemoteStateMs);
        }
    }

    private void ReadKeyboard(long now)
    {
        IoResult r = FileDescriptor.Read(0, _input);
        if (r.WouldBlock) return;
        if (!r.IsSuccess || r.Count == 0)
        {
            Notifications.SetMessage("Exiting...", now, permanent: true);
            StartShutdown(now);
            return;
        }

        ReadOnlySpan<byte> input = _input.AsSpan(0, r.Count);
        PredictionEngine predictions = Overlays.Predictions;
        predictions.SetLocalFrameSent(_transport.LastSentLocalStateNum);
        UserStream stream = _transport.CurrentState;
        while (!input.IsEmpty)
        {
            EscapeAction action = _escape.Process(input, _toSend, out int consumed, out int written);
            ReadOnlySpan<byte> send = _toSend.AsSpan(0, written);
            if (!send.IsEmpty)
            {
                predictions.NewUserInput(send, _display.Displayed, now);
                stream.PushBytes(send);
            }
            input = input[consumed..];
            switch (action)
            {
                case EscapeAction.EscapeStarted:
                    Notifications.SetMessage(_escape.HelpText, now, permanent: true, showQuitKeystroke: false);
                    break;
                case EscapeAction.EscapeEnded:
                    Notifications.SetMessage("", now);
                    break;
                case EscapeAction.Quit:
                    if (!_transport.ShutdownInProgress)
                    {
                        Notifications.SetMessage("Exiting on user request...", now, permanent: true);
                        StartShutdown(now);
                    }
                    return;
                case EscapeAction.Detach:
                    if (!_transport.ShutdownInProgress && !Detached)
                    {
                        Notifications.SetMessage("Detaching...", now, permanent: true);
                        _quitting = true;
                        _detachStartMs = now;
                        _detachSentMs = now;
                        _connection.DetachRequested = true;
                        _transport.Sender.SetDataAck();
                    }
                    return;
                case EscapeAction.Suspend:
                    Notifications.SetMessage("", now);
                    Suspend();
                    break;
                case EscapeAction.RepaintRequested:
                    _display.RepaintRequested = true;
                    break;
            }
        }
    }

    private void Suspend()
    {
        _display.Suspend();
        Signals.StopProcessGroup();
        // Execution continues here after SIGCONT.
        _display.Resume();
    }

    private void HandleSignals(long now)
    {
        ulong pending = _signals.TakePending();
        if (_faultOnSigusr1 && SignalPipe.Contains(pending, Signals.SIGUSR1))
            throw new InvalidOperationException($"{ClientCommand.FaultVariable}: an unhandled exception in the session loop, as asked");
        if (SignalPipe.Contains(pending, Signals.SIGWINCH) && LocalTerminal.TryGetSize(out int columns, out int rows))
        {
            RequestSize(columns, rows);
            _display.LocalResized(columns, rows);
            Overlays.Predictions.Reset();
        }
        if (SignalPipe.Contains(pending, Signals.SIGCONT)) _display.RepaintRequested = true;
        if (SignalPipe.Contains(pending, Signals.SIGTERM) || SignalPipe.Contains(pending, Signals.SIGINT)
            || SignalPipe.Contains(pending, Signals.SIGHUP) || SignalPipe.Contains(pending, Signals.SIGPIPE))
        {
            if (!_transport.ShutdownInProgress)
            {
                Notifications.SetMessage("Signal received, shutting down...", now, permanent: true);
                StartShutdown(now);
            }
        }
    }

    public void Dispose()
    {
        _display.Close();
        _signals.Dispose();
        _connection.Dispose();
        FileDescriptor.SetNonBlocking(0, false);
    }
}
