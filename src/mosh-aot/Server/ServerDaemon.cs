using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mosh.Crypto;
using Mosh.Posix;
using Mosh.StateSync;
using Mosh.Terminal.Emulation;
using Mosh.Terminal.Screen;
using Mosh.Transport;
using MoshAot.Sessions;

namespace MoshAot.Server;

/// <summary>
/// The detached mosh-server: one poll loop over the UDP socket, the pty and a signal pipe, whose
/// timeout comes from the transport's timers (§6.4, §6.5). The connection keeps the wire rules
/// (roaming, the association timeout), the transport the state sync; this class only moves
/// bytes between them and the OS. The session's program starts with the daemon, at the initial
/// size (protocol §13.2); the first client state's size is applied as any resize.
/// <para>
/// The session outlives its client (protocol §14): it listens on a socket in the user's session
/// registry, where <c>mosh-server attach</c> gets it a fresh key for a new client (the old key is
/// retired, the state sync starts again from state 0), and a client of ours may detach.
/// </para>
/// </summary>
internal sealed class ServerDaemon : IDisposable, IRemoteStateGate<UserStream>, ISessionControlTarget
{
    /// <summary>
    /// User events may wait unconsumed in the received states up to about this many (beyond the
    /// pty write queue); then new client states are deferred until the program reads. Each new
    /// state copies what waits, so this also bounds the cost of receiving.
    /// </summary>
    private const ulong MaxWaitingEvents = 64 << 10;

    /// <summary>Exit if no client has spoken this long after start (upstream: 60 s).</summary>
    private const long ConnectTimeoutMs = 60_000;

    /// <summary>The utmp entry reverts to "detached" after this much client silence.</summary>
    private const long DetachedAfterMs = 30_000;

    private readonly ServerHandoff _handoff;
    private readonly Connection<UdpSocket, NetAddress> _connection;
    private Transport<CompleteTerminal, UserStream> _transport;
    private readonly SessionProcess _session = new();
    private readonly LoginRecords _login;
    private UserInputReader _input = new();
    private EchoAckTracker _echo = new();
    private readonly SessionControlListener? _control;
    private readonly long _startUnix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private string _lastAddress = "";
    private readonly KeyTranslator _keys = new();
    private readonly SignalPipe _signals = new();
    private readonly Poller _poller = new(5);
    private readonly TextWriter _log;
    private readonly long _startMs;
    private readonly HistoryPacer _historyPacer = new();
    private ScreenHistory? _history;
    private long _lastClientStateMs = long.MinValue;
    private int _peerChangesSeen;

    private ServerDaemon(ServerHandoff handoff, UdpSocket socket, long nowMs)
    {
        _handoff = handoff;
        _log = handoff.Verbose > 0 ? Cli.StdIo.Error : TextWriter.Null;
        _connection = Connection<UdpSocket, NetAddress>.ForServer(new OcbCipher(handoff.Key), socket);
        // The expanded cipher is all the session needs; the raw key goes now (the cipher's goes with the connection).
        handoff.Key.Dispose();
        _startMs = nowMs;
        var terminal = new CompleteTerminal(handoff.Columns, handoff.Rows);
        _transport = new Transport<CompleteTerminal, UserStream>(TransportSide.Server, terminal, new UserStream(),
            _connection.Pipeline, _connection, nowMs);
        _transport.RemoteStateGate = this;
        _login = new LoginRecords(UserAccount.Current?.Name ?? "");

        _control = SessionControlListener.Open(out string? registryError);
        if (_control is null)
        {
            _log.Write($"mosh-server: sessions registry unavailable, this session cannot be listed or attached: {registryError}\n");
        }
        else
        {
            _connection.LocalFeatures = SessionFeatures.Sessions;
            _connection.SessionId = _control.Id;
        }
    }

    private VirtualTerminal Terminal => _transport.CurrentState.Vt;

    /// <summary>Entry point of the re-executed binary (see <see cref="ServerHandoff"/>).</summary>
    public static int RunFromHandoff()
    {
        byte[] data = ServerHandoff.ReadAll(ServerHandoff.PipeFd);
        FileDescriptor.Close(ServerHandoff.PipeFd);
        ServerHandoff? handoff = ServerHandoff.Deserialize(data);
        CryptographicOperations.ZeroMemory(data);
        if (handoff is null)
        {
            Cli.StdIo.Error.Write("mosh-server: bad handoff from the starting process\n");
            return 1;
        }
        UdpSocket socket = UdpSocket.Adopt(ServerHandoff.SocketFd, handoff.Family);
        using var daemon = new ServerDaemon(handoff, socket, MonotonicClock.NowMs);
        return daemon.Run();
    }

    private int Run()
    {
        Signals.Ignore(Signals.SIGHUP);
        Signals.Ignore(Signals.SIGPIPE);
        _signals.Watch(Signals.SIGTERM);
        _signals.Watch(Signals.SIGINT);
        _signals.Watch(Signals.SIGUSR1);
        _signals.Watch(Signals.SIGCHLD);
        SysLog.Open("mosh-server");

        int socketSlot = _poller.Add(_connection.Socket(0).Fd, PollEvents.Readable);
        int signalSlot = _poller.Add(_signals.ReadFd, PollEvents.Readable);
        int ptySlot = _poller.Add(-1, PollEvents.Readable);
        int controlSlot = _poller.Add(_control?.Fd ?? -1, PollEvents.Readable);

        // The program starts now, at the initial size (the launcher's ssh -tt pty is the user's
        // terminal, so usually already the client's size), not when the first client state
        // arrives: its start-up overlaps the client's, and the first frame can carry its prompt
        // one round trip after the client starts (protocol §13.2).
        StartSession();

        while (true)
        {
            long now = MonotonicClock.NowMs;
            bool ptyOpen = _session.IsOpen;
            _poller.Set(ptySlot, ptyOpen && !_transport.ShutdownInProgress ? _session.Master : -1,
                PollEvents.Readable | (_session.HasPendingWrites ? PollEvents.Writable : 0));

            _poller.Wait(WaitTimeMs(now), out _);
            now = MonotonicClock.NowMs;

            if (_poller.IsReadable(signalSlot) && HandleSignals(now))
                return 0;

            if (_poller.IsReadable(socketSlot))
                ReceiveDatagrams(now);

            if (_control is not null && _poller.IsReadable(controlSlot))
            {
                _control.ServeWaiting(this);
                now = MonotonicClock.NowMs;
            }

            // All the pty holds (up to a bound) in one go: fewer loop iterations and polls than
            // one 4 KiB read per wake-up, and the transport sees the output as one change.
            if (ptyOpen && _poller.IsReadable(ptySlot) && _session.ReadInto(Terminal) > 0)
                _transport.NoteLocalChange(now);

            _session.FlushWrites();
            if (_input.WaitingCount(_transport.RemoteState) > 0 && _session.HasRoomForKeys)
                ApplyUserInput(now);

            if (_echo.Update(now) && !_transport.ShutdownInProgress)
            {
                // An echo ack alone may wait for the next echo to carry it (protocol §4.5, rule 6).
                bool alone = _transport.CurrentState.ContentEquals(_transport.LastSentLocalState);
                _transport.CurrentState.SetEchoAck(_echo.EchoAck);
                if (alone) _transport.NoteDeferrableChange(now);
            }

            if (_session.Exited && _session.Closed && !_transport.ShutdownInProgress)
            {
                // A program that ended before the first client arrived (`mosh host -- echo hi`)
                // waits for it, so that its last screen is shown (bounded by ConnectTimeoutMs).
                if (_connection.HasPeer) StartShutdown(now);
                else if (_lastClientStateMs != long.MinValue) return Exit("session ended while no client was connected");
            }

            PaceHistory(now);
            _transport.Tick(now);
            NoteAssociation(now);
            if (_connection.Exhausted) return Exit("Crypto exception: key or sequence numbers used up");

            if (_transport.ShutdownInProgress && (_transport.ShutdownAcknowledged || _transport.ShutdownAckTimedOut(now)))
                return Exit(null);
            if (_transport.CounterpartyShutdownAckSent)
                return Exit(null);

            if (_handoff.NetworkTimeoutSeconds > 0 && _lastClientStateMs != long.MinValue
                && now - _lastClientStateMs >= _handoff.NetworkTimeoutSeconds * 1000 && !_transport.ShutdownInProgress)
            {
                _log.Write($"Network idle for {(now - _lastClientStateMs) / 1000} seconds.\n");
                if (TerminateOrShutdown(now)) return Exit(null);
            }
            if (_lastClientStateMs == long.MinValue && now - _startMs >= ConnectTimeoutMs)
            {
                _log.Write($"No connection within {ConnectTimeoutMs / 1000} seconds.\n");
                return Exit(null);
            }
        }
    }

    /// <summary>The shutdown state is the last: it carries all the history still kept that the client lacks (§14.3).</summary>
    private void StartShutdown(long now)
    {
        if (_history is not null) _transport.CurrentState.SetHistoryEnd(_history.End);
        _transport.StartShutdown(now);
    }

    /// <summary>
    /// The first client state asking for history (ours, §14.3) turns it on: from then on, lines
    /// leaving the top of the screen are kept, up to the retention asked for.
    /// </summary>
    private void OfferHistoryIfAsked()
    {
        int asked = _transport.RemoteState.RequestedScrollback;
        if (asked <= 0 || _transport.CurrentState.HistoryOffered || _transport.ShutdownInProgress) return;
        // A client attaching later (§14.1) gets the history kept so far, at the first retention asked for.
        _history ??= new ScreenHistory(Math.Min(asked, CompleteTerminal.MaxHistoryLinesPerDiff));
        _transport.CurrentState.OfferHistory(_history);
    }

    /// <summary>The live state's history end follows the kept lines, a few hundred lines per state sent (§14.3).</summary>
    private void PaceHistory(long now)
    {
        if (_history is null || _transport.ShutdownInProgress) return;
        _historyPacer.Update(_transport.CurrentState, _transport.LastSentLocalState.HistoryEnd, now);
    }

    private int WaitTimeMs(long now)
    {
        PaceHistory(now);
        long wait = _transport.WaitTimeMs(now);
        if (_history is not null) wait = Math.Min(wait, Math.Max(0, _historyPacer.WakeTimeMs - now));
        wait = Math.Min(wait, _echo.WaitTimeMs(now));
        if (_lastClientStateMs == long.MinValue || _transport.ShutdownInProgress) wait = Math.Min(wait, 5000);
        if (_handoff.NetworkTimeoutSeconds > 0 && _lastClientStateMs != long.MinValue)
            wait = Math.Min(wait, Math.Max(0, _lastClientStateMs + _handoff.NetworkTimeoutSeconds * 1000 - now));
        if (_session.HasPendingWrites) wait = Math.Min(wait, 100);
        return (int)Math.Clamp(wait, 0, 60_000);
    }

    /// <summary>Returns true when the daemon must exit now.</summary>
    private bool HandleSignals(long now)
    {
        ulong pending = _signals.TakePending();
        if (SignalPipe.Contains(pending, Signals.SIGCHLD)) _session.Reap();
        if (SignalPipe.Contains(pending, Signals.SIGUSR1))
        {
            long silentMs = _lastClientStateMs == long.MinValue ? now - _startMs : now - _lastClientStateMs;
            if (_handoff.SignalTimeoutSeconds <= 0 || silentMs >= _handoff.SignalTimeoutSeconds * 1000)
            {
                _log.Write($"Network idle for {silentMs / 1000} seconds when SIGUSR1 received\n");
                if (TerminateOrShutdown(now)) return true;
            }
        }
        if (SignalPipe.Contains(pending, Signals.SIGTERM) || SignalPipe.Contains(pending, Signals.SIGINT))
        {
            if (TerminateOrShutdown(now)) return true;
        }
        return false;
    }

    /// <summary>With a client, start the shutdown handshake; without one, exit at once.</summary>
    private bool TerminateOrShutdown(long now)
    {
        if (_connection.HasPeer && !_transport.ShutdownInProgress)
        {
            StartShutdown(now);
            return false;
        }
        return !_transport.ShutdownInProgress;
    }

    private void ReceiveDatagrams(long now)
    {
        ReceiveSummary received = _connection.ReceiveWaiting(0, now, _transport);
        if (received.Unauthentic > 0 && _log != TextWriter.Null)
            _log.Write($"Dropped {received.Unauthentic} datagrams that failed authentication or checks\n");
        if (received.VersionMismatches > 0)
            _log.Write("mosh protocol version mismatch\n");
        if (received.NewRemoteStates > 0)
        {
            _lastClientStateMs = now;
            OfferHistoryIfAsked();
            ApplyUserInput(now);
        }
        if (received.DetachRequested && !_transport.ShutdownInProgress)
        {
            // A key nobody knows: the session waits for `mosh-server attach`; the client is told it detached.
            using SessionKey unknown = SessionKey.Generate();
            _log.Write("Client detached.\n");
            StartNewPeer(new OcbCipher(unknown), detached: true, "", now);
        }
    }

    /// <summary>
    /// The session gets a new key and a new client (protocol §14.1): the connection retires the
    /// old key (its datagrams are never applied again) and the state sync starts from state 0 for
    /// the new client, from a reference that differs in size from the screen, so the first diff is
    /// a resize and a full repaint of the screen as it is now.
    /// </summary>
    private void StartNewPeer(OcbCipher cipher, bool detached, string from, long now)
    {
        if (_login.Attached) _login.ClientDetached();
        _connection.Rekey(cipher, detached, from, now);
        _peerChangesSeen = _connection.PeerChanges;
        CompleteTerminal screen = _transport.CurrentState;
        screen.ResetEchoAck();
        // History goes only to a client that asks (§14.3); this one has not yet.
        screen.WithdrawHistory();
        var assumed = new CompleteTerminal(screen.Framebuffer.Width == 1 ? 2 : 1, 1);
        _transport = Transport<CompleteTerminal, UserStream>.ForNewPeer(TransportSide.Server, assumed, screen,
            new UserStream(), _connection.Pipeline, _connection, now);
        _transport.RemoteStateGate = this;
        _input = new UserInputReader();
        _echo = new EchoAckTracker();
        _transport.NoteLocalChange(now);
        // An attach is the user's sign of life: the network timeout counts from it.
        if (!detached && _lastClientStateMs != long.MinValue) _lastClientStateMs = now;
    }

    SessionInfo ISessionControlTarget.Describe()
    {
        long now = MonotonicClock.NowMs;
        long nowUnix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        bool attached = _connection.HasPeer && _connection.LastInOrderReceiveMs != long.MinValue
            && now - _connection.LastInOrderReceiveMs <= Connection<UdpSocket, NetAddress>.AssociationTimeoutMs;
        long seen = _lastClientStateMs == long.MinValue ? 0 : nowUnix - (now - _lastClientStateMs) / 1000;
        SessionCommand command = SessionCommand.Resolve(_handoff.Command);
        var fb = Terminal.Framebuffer;
        return new SessionInfo(_control!.Id, attached, _startUnix, seen, _lastAddress, fb.Width, fb.Height,
            _session.ChildPid, string.Join(' ', command.IsLoginShell ? [command.File] : command.Argv));
    }

    int ISessionControlTarget.Attach(string from, Span<byte> line, out string? error)
    {
        error = null;
        if (_transport.ShutdownInProgress || _session.Exited)
        {
            error = "the session is ending";
            return 0;
        }
        if (_connection.Socket(0).GetLocalAddress(out NetAddress local) != Errno.None)
        {
            error = "cannot read the session's UDP port";
            return 0;
        }
        using SessionKey key = SessionKey.Generate();
        int n = Encoding.ASCII.GetBytes($"MOSH CONNECT {local.Port.ToString(CultureInfo.InvariantCulture)} ", line);
        key.WritePrintable(line[n..]);
        n += SessionKey.PrintableLength;
        line[n++] = (byte)'\n';
        long now = MonotonicClock.NowMs;
        _log.Write($"Attach from {from}: new key, the previous client is retired.\n");
        StartNewPeer(new OcbCipher(key), detached: false, from, now);
        return n;
    }

    /// <summary>Roaming and silence, as the connection saw them: the log, utmp and syslog follow.</summary>
    private void NoteAssociation(long now)
    {
        if (_connection.PeerChanges != _peerChangesSeen)
        {
            _peerChangesSeen = _connection.PeerChanges;
            if (_connection.HasPeer)
            {
                _log.Write($"Server now attached to client at {_connection.Peer}\n");
                _login.ClientAttached(_connection.Peer);
                _lastAddress = _connection.Peer.Host;
            }
            else
            {
                _log.Write("Server now detached from client.\n");
            }
        }
        if (_login.Attached && _connection.LastInOrderReceiveMs != long.MinValue
            && now - _connection.LastInOrderReceiveMs > DetachedAfterMs)
            _login.ClientDetached();
    }

    /// <summary>
    /// Hands the client's new input to the program, as far as it takes it; then, if that made
    /// room, takes the client states the gate deferred and goes on with them.
    /// </summary>
    private void ApplyUserInput(long now)
    {
        for (int round = 0; round < 8; round++)
        {
            ConsumeInput(now);
            if (!_session.HasRoomForKeys || !_transport.RetryDeferredRemoteStates(now)) return;
            _lastClientStateMs = now;
        }
    }

    private void ConsumeInput(long now)
    {
        var handler = new InputHandler(this);
        UserStream newest = _transport.RemoteState;
        int count = _input.Apply(newest, ref handler);
        if (_input.WaitingCount(newest) > 0)
        {
            // The program is not keeping up: sizes and interrupts do not wait behind its input.
            _input.ApplyWaitingResize(newest, ref handler);
            Span<byte> keys = stackalloc byte[3];
            Span<int> signals = stackalloc int[3];
            int n = _session.SignalChars(keys, signals, out bool flushes);
            int key = _input.TakeInterrupt(newest, keys[..n], discardBefore: flushes, ref handler);
            if (key >= 0)
            {
                _session.Interrupt((byte)key, signals[keys[..n].IndexOf((byte)key)], flushes);
                count++;
                // What was dropped may have freed the queue for what came after the interrupt.
                count += _input.Apply(newest, ref handler);
            }
        }
        if (count == 0) return;
        // The echo of this input may leave at once, even right after another frame.
        _transport.NoteRemoteInput(now);
        // The echo ack says "all input of this state has reached the program" (§5.5): not before.
        if (_input.WaitingCount(newest) == 0) _echo.RegisterInputFrame(_transport.RemoteStateNum, now);
        // Forget what has been handed out; what waits stays in every received state.
        _transport.SubtractFromRemoteStates(_input.ConsumedPrefix);
    }

    /// <summary>
    /// Back-pressure (protocol §5.1.2): while more than <see cref="MaxWaitingEvents"/> user events
    /// wait for the program, a new client state is deferred (not acknowledged, so the client sends
    /// it again), unless it carries one of the pty's interrupt characters.
    /// </summary>
    bool IRemoteStateGate<UserStream>.Admit(UserStream candidate, UserStream newest)
    {
        if (_input.WaitingCount(newest) < MaxWaitingEvents) return true;
        Span<byte> keys = stackalloc byte[3];
        Span<int> signals = stackalloc int[3];
        int n = _session.SignalChars(keys, signals, out _);
        foreach (UserStreamEvent e in candidate.EventsFrom(newest.TotalCount))
            if (!e.IsResize && keys[..n].Contains(e.Byte)) return true;
        return false;
    }

    private struct InputHandler(ServerDaemon daemon) : IUserEventHandler
    {
        public void Resize(int width, int height)
        {
            // An upstream client sends its window's size unchecked (ours clamps it the same way).
            (width, height) = WindowLimits.Clamp(width, height);
            // A client shown the history has a terminal that keeps its cursor's row when it
            // shrinks (§14.3); any other gets upstream's resize.
            if (daemon._transport.CurrentState.HistoryOffered)
                daemon.Terminal.ResizeKeepingCursorRow(width, height);
            else
                daemon.Terminal.Resize(width, height);
            daemon._session.Resize(width, height);
        }

        public bool Key(byte value)
        {
            if (!daemon._session.HasRoomForKeys) return false;
            Span<byte> translated = stackalloc byte[KeyTranslator.MaxOutputLength(1)];
            int n = daemon._keys.Translate([value], daemon.Terminal.ApplicationCursorKeys, translated);
            return daemon._session.TryQueueKey(translated[..n]);
        }
    }

    private void StartSession()
    {
        var fb = Terminal.Framebuffer;
        SessionCommand command = SessionCommand.Resolve(_handoff.Command);
        if (command.IsLoginShell) LoginRecords.ShowMessageOfTheDay(Terminal);

        string home = Environment.GetEnvironmentVariable("HOME") ?? UserAccount.Current?.Home ?? "/";
        if (!Directory.Exists(home)) home = UserAccount.Current?.Home ?? "/";
        string[] environment = SessionCommand.Environment(_handoff.Colors, home);
        // The program gets the user's core-file limit back, as upstream's does; we keep ours at 0.
        CoreDumps.SetSoftLimit(_handoff.CoreLimit);
        _session.Start(new WindowSize(fb.Width, fb.Height), command, environment, home, Terminal);
        CoreDumps.SetSoftLimit(0);
        if (_session.ChildPid < 0) return;

        _login.SessionBegan(_session.TtyName, _session.ChildPid);
        if (_connection.HasPeer) _login.ClientAttached(_connection.Peer);
    }

    private int Exit(string? message)
    {
        if (message is not null) _log.Write(message + "\n");
        _log.Write("\n[mosh-server is exiting.]\n");
        return 0;
    }

    public void Dispose()
    {
        _control?.Dispose();
        _login.SessionEnded();
        _session.Dispose();
        _signals.Dispose();
        _connection.Dispose();
    }
}
