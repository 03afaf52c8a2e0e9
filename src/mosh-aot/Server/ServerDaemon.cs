using System.Globalization;
using Mosh.Crypto;
using Mosh.Network;
using Mosh.Posix;
using Mosh.StateSync;
using Mosh.Terminal.Emulation;
using Mosh.Transport;
using MoshAot.Net;

namespace MoshAot.Server;

/// <summary>
/// The detached mosh-server: one poll loop over the UDP socket, the pty and a signal pipe, whose
/// timeout comes from the transport's timers (spec §6.4, §6.5). The session's program starts
/// when the first client state arrives, already at the client's window size.
/// </summary>
internal sealed class ServerDaemon : IDisposable
{
    /// <summary>Exit if no client has spoken this long after start (upstream: 60 s).</summary>
    private const long ConnectTimeoutMs = 60_000;

    /// <summary>Forget the client's address after this much silence (SERVER_ASSOCIATION_TIMEOUT).</summary>
    private const long AssociationTimeoutMs = 40_000;

    /// <summary>The utmp entry reverts to "detached" after this much client silence.</summary>
    private const long DetachedAfterMs = 30_000;

    /// <summary>Largest pty read per loop iteration, as upstream.</summary>
    private const int PtyReadSize = 16_384;

    /// <summary>Cap on keystrokes waiting for a pty that does not read them: a stuck application must not grow us.</summary>
    private const int MaxPendingPtyBytes = 1 << 20;

    private readonly ServerHandoff _handoff;
    private readonly UdpSocket _socket;
    private readonly DatagramLink _link;
    private readonly Transport<CompleteTerminal, UserStream> _transport;
    private readonly UserInputReader _input = new();
    private readonly EchoAckTracker _echo = new();
    private readonly KeyTranslator _keys = new();
    private readonly SignalPipe _signals = new();
    private readonly Poller _poller = new(4);
    private readonly byte[] _ptyRead = new byte[PtyReadSize];
    private byte[] _ptyWrite = new byte[4096];
    private int _ptyWriteLength;
    private readonly TextWriter _log;

    private PtyPair _pty = new(-1, -1);
    private int _childPid = -1;
    private string? _ttyName;
    private bool _childExited;
    private bool _ptyClosed;
    private readonly long _startMs;
    private long _lastClientStateMs = long.MinValue;
    private long _lastInOrderPacketMs = long.MinValue;
    private ulong _lastRemoteStateNum;
    private bool _attached;
    private string _userName = "";

    private ServerDaemon(ServerHandoff handoff, UdpSocket socket, SessionKey key, long nowMs)
    {
        _handoff = handoff;
        _socket = socket;
        _log = handoff.Verbose > 0 ? Cli.StdIo.Error : TextWriter.Null;
        _link = new DatagramLink(key, Direction.ToClient);
        _startMs = nowMs;
        var terminal = new CompleteTerminal(handoff.Columns, handoff.Rows);
        _transport = new Transport<CompleteTerminal, UserStream>(TransportSide.Server, terminal, new UserStream(),
            _link, _link, nowMs);
    }

    private CompleteTerminal Terminal => _transport.CurrentState;

    /// <summary>Entry point of the re-executed binary (see <see cref="ServerHandoff"/>).</summary>
    public static int RunFromHandoff()
    {
        ServerHandoff? handoff = ServerHandoff.Deserialize(ServerHandoff.ReadAll(ServerHandoff.PipeFd));
        FileDescriptor.Close(ServerHandoff.PipeFd);
        if (handoff is null || !SessionKey.TryParse(handoff.Key, out SessionKey key, out _))
        {
            Cli.StdIo.Error.Write("mosh-server: bad handoff from the starting process\n");
            return 1;
        }
        UdpSocket socket = UdpSocket.Adopt(ServerHandoff.SocketFd, handoff.Family);
        using var daemon = new ServerDaemon(handoff, socket, key, MonotonicClock.NowMs);
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
        _userName = UserAccount.Current?.Name ?? "";
        SysLog.Open("mosh-server");

        int socketSlot = _poller.Add(_socket.Fd, PollEvents.Readable);
        int signalSlot = _poller.Add(_signals.ReadFd, PollEvents.Readable);
        int ptySlot = _poller.Add(-1, PollEvents.Readable);

        while (true)
        {
            long now = MonotonicClock.NowMs;
            _link.SetTime(now);
            bool ptyOpen = _pty.Master >= 0 && !_ptyClosed;
            _poller.Set(ptySlot, ptyOpen && !_transport.ShutdownInProgress ? _pty.Master : -1,
                PollEvents.Readable | (_ptyWriteLength > 0 ? PollEvents.Writable : 0));

            int timeout = WaitTimeMs(now);
            _poller.Wait(timeout, out _);
            now = MonotonicClock.NowMs;
            _link.SetTime(now);

            if (_poller.IsReadable(signalSlot) && HandleSignals(now))
                return 0;

            if (_poller.IsReadable(socketSlot))
                ReceiveDatagrams(now);

            if (ptyOpen && _poller.IsReadable(ptySlot))
                ReadPty();

            FlushPty();

            if (_echo.Update(now) && !_transport.ShutdownInProgress)
                Terminal.SetEchoAck(_echo.EchoAck);

            if (_childExited && _ptyClosed && !_transport.ShutdownInProgress)
            {
                if (!_transport.PeerKnown) return Exit("session ended before any client connected");
                _transport.StartShutdown(now);
            }

            UpdateAssociation(now);
            _transport.Tick(now);
            if (_link.Exhausted) return Exit("Crypto exception: key or sequence numbers used up");

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

    private int WaitTimeMs(long now)
    {
        long wait = _transport.WaitTimeMs(now);
        wait = Math.Min(wait, _echo.WaitTimeMs(now));
        if (_lastClientStateMs == long.MinValue || _transport.ShutdownInProgress) wait = Math.Min(wait, 5000);
        if (_handoff.NetworkTimeoutSeconds > 0 && _lastClientStateMs != long.MinValue)
            wait = Math.Min(wait, Math.Max(0, _lastClientStateMs + _handoff.NetworkTimeoutSeconds * 1000 - now));
        if (_ptyWriteLength > 0) wait = Math.Min(wait, 100);
        return (int)Math.Clamp(wait, 0, 60_000);
    }

    /// <summary>Returns true when the daemon must exit now.</summary>
    private bool HandleSignals(long now)
    {
        ulong pending = _signals.TakePending();
        if (SignalPipe.Contains(pending, Signals.SIGCHLD)) ReapChild();
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
        if (_transport.PeerKnown && !_transport.ShutdownInProgress)
        {
            _transport.StartShutdown(now);
            return false;
        }
        return !_transport.ShutdownInProgress;
    }

    private void ReceiveDatagrams(long now)
    {
        // Bounded, so that a flood of datagrams cannot starve the pty and the timers.
        for (int i = 0; i < 64; i++)
        {
            if (!_link.TryReceive(_socket, now, out ReceiveStatus status, out ReceivedDatagram info,
                    out Instruction instruction, out NetAddress source))
                break;
            if (!info.Authentic)
            {
                _log.Write($"Dropped datagram from {source}: {status}\n");
                continue;
            }
            if (info.InOrder)
            {
                _lastInOrderPacketMs = now;
                // Roaming: the newest authentic packet decides where the client is.
                if (!_link.HasPeer || _link.Peer != source)
                {
                    _link.SetSendPath(_socket, source);
                    _log.Write($"Server now attached to client at {source}\n");
                    UpdateUtmp(attached: true, source);
                }
                _transport.PeerKnown = true;
            }
            if (status != ReceiveStatus.Instruction) continue;

            Mosh.Transport.ReceiveResult result = _transport.Receive(instruction, now);
            if (result == Mosh.Transport.ReceiveResult.VersionMismatch)
            {
                _log.Write("mosh protocol version mismatch\n");
                continue;
            }
        }

        if (_transport.RemoteStateNum != _lastRemoteStateNum)
        {
            _lastRemoteStateNum = _transport.RemoteStateNum;
            _lastClientStateMs = now;
            ApplyUserInput(now);
        }
    }

    private void ApplyUserInput(long now)
    {
        var handler = new InputHandler(this);
        int count = _input.Apply(_transport.RemoteState, ref handler);
        if (count == 0) return;
        _echo.RegisterInputFrame(_transport.RemoteStateNum, now);
        // Drop the events we have consumed from the received states (their common prefix).
        _transport.SubtractOldestRemoteState();
        if (_childPid < 0 && !_childExited) StartSession();
    }

    private struct InputHandler(ServerDaemon daemon) : IUserEventHandler
    {
        public void Resize(int width, int height)
        {
            width = Math.Min(width, CompleteTerminal.MaxDimension);
            height = Math.Min(height, CompleteTerminal.MaxDimension);
            if ((long)width * height > CompleteTerminal.MaxCells) return;
            daemon.Terminal.Vt.Resize(width, height);
            if (daemon._pty.Master >= 0)
                Pty.SetWindowSize(daemon._pty.Master, new WindowSize(width, height));
        }

        public void Key(byte value)
        {
            Span<byte> translated = stackalloc byte[KeyTranslator.MaxOutputLength(1)];
            int n = daemon._keys.Translate([value], daemon.Terminal.Vt.ApplicationCursorKeys, translated);
            daemon.QueuePtyWrite(translated[..n]);
        }
    }

    private void QueuePtyWrite(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || _ptyClosed) return;
        if (_ptyWriteLength + bytes.Length > MaxPendingPtyBytes) return;
        if (_ptyWriteLength + bytes.Length > _ptyWrite.Length)
            Array.Resize(ref _ptyWrite, Math.Max(_ptyWrite.Length * 2, _ptyWriteLength + bytes.Length));
        bytes.CopyTo(_ptyWrite.AsSpan(_ptyWriteLength));
        _ptyWriteLength += bytes.Length;
    }

    private void FlushPty()
    {
        if (_ptyWriteLength == 0 || _pty.Master < 0 || _ptyClosed) return;
        IoResult r = FileDescriptor.Write(_pty.Master, _ptyWrite.AsSpan(0, _ptyWriteLength));
        if (r.IsSuccess)
        {
            _ptyWrite.AsSpan(r.Count, _ptyWriteLength - r.Count).CopyTo(_ptyWrite);
            _ptyWriteLength -= r.Count;
        }
        else if (!r.WouldBlock)
        {
            _ptyClosed = true;
            _ptyWriteLength = 0;
        }
    }

    private void ReadPty()
    {
        IoResult r = FileDescriptor.Read(_pty.Master, _ptyRead);
        if (r.IsSuccess && r.Count > 0)
        {
            Terminal.Vt.Write(_ptyRead.AsSpan(0, r.Count));
            var replies = Terminal.Vt.Replies;
            if (!replies.IsEmpty)
            {
                QueuePtyWrite(replies.Pending);
                replies.Clear();
            }
            return;
        }
        if (r.IsSuccess || !r.WouldBlock)
        {
            // EOF or EIO: the session's last process closed the terminal.
            _ptyClosed = true;
            _childExited = true;
        }
    }

    private void StartSession()
    {
        var fb = Terminal.Framebuffer;
        var size = new WindowSize(fb.Width, fb.Height);
        Errno error = Pty.Open(size, out _pty);
        if (error != Errno.None)
        {
            Terminal.Vt.Write(System.Text.Encoding.UTF8.GetBytes($"mosh-server: openpty: {error.Message}\r\n"));
            _childExited = true;
            _ptyClosed = true;
            return;
        }
        FileDescriptor.SetNonBlocking(_pty.Master, true);
        _ttyName = Pty.TerminalName(_pty.Slave, out _);

        SessionCommand command = SessionCommand.Resolve(_handoff.Command);
        if (command.IsLoginShell) ShowLoginMessages();

        string home = Environment.GetEnvironmentVariable("HOME") ?? UserAccount.Current?.Home ?? "/";
        if (!Directory.Exists(home)) home = UserAccount.Current?.Home ?? "/";
        string[] environment = SessionCommand.Environment(_handoff.Colors, home);
        _childPid = ChildProcess.SpawnOnPty(_pty, command.File, command.Argv, environment, home, searchPath: !command.IsLoginShell, out Errno spawnError);
        FileDescriptor.Close(_pty.Slave);
        if (_childPid < 0)
        {
            Terminal.Vt.Write(System.Text.Encoding.UTF8.GetBytes($"{command.File}: {spawnError.Message}\r\n"));
            _childExited = true;
            _ptyClosed = true;
            return;
        }

        if (_ttyName is not null)
            Utmp.Login(_ttyName, Utmp.DetachedHost(Environment.ProcessId), _childPid, _userName);
        SysLog.Info($"user {_userName} session begin");
        if (_link.HasPeer) UpdateUtmp(attached: true, _link.Peer);
    }

    private void ShowLoginMessages()
    {
        // What a login shell shows first (upstream prints it from the child before the shell starts).
        if (File.Exists(Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/", ".hushlogin"))) return;
        foreach (string path in (string[])["/run/motd.dynamic", "/var/run/motd.dynamic", "/etc/motd"])
        {
            if (path == "/var/run/motd.dynamic" && File.Exists("/run/motd.dynamic")) continue;
            try
            {
                if (!File.Exists(path)) continue;
                byte[] text = File.ReadAllBytes(path);
                // The pty would turn LF into CR LF; the emulator needs it spelled out.
                foreach (byte b in text)
                {
                    if (b == (byte)'\n') Terminal.Vt.Write("\r\n"u8);
                    else Terminal.Vt.Write([b]);
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private void UpdateUtmp(bool attached, in NetAddress peer)
    {
        if (_ttyName is null || _childPid < 0) return;
        _attached = attached;
        string host = attached ? Utmp.AttachedHost(peer.Host, Environment.ProcessId) : Utmp.DetachedHost(Environment.ProcessId);
        Utmp.Login(_ttyName, host, _childPid, _userName);
        if (attached) SysLog.Info($"user {_userName} connected from host: {peer.Host}");
    }

    private void UpdateAssociation(long now)
    {
        if (!_link.HasPeer) return;
        if (_attached && _lastInOrderPacketMs != long.MinValue && now - _lastInOrderPacketMs > DetachedAfterMs)
            UpdateUtmp(attached: false, _link.Peer);
        if (_lastInOrderPacketMs != long.MinValue && now - _lastInOrderPacketMs > AssociationTimeoutMs)
        {
            // Stop sending into the void; the client's next authentic packet re-attaches it.
            _link.ForgetPeer();
            _transport.PeerKnown = false;
            _log.Write("Server now detached from client.\n");
        }
    }

    private void ReapChild()
    {
        if (_childPid <= 0) return;
        int r = ChildProcess.Wait(_childPid, noHang: true, out _, out _);
        if (r == _childPid || r < 0) _childExited = true;
    }

    private int Exit(string? message)
    {
        if (message is not null) _log.Write(message + "\n");
        _log.Write("\n[mosh-server is exiting.]\n");
        return 0;
    }

    public void Dispose()
    {
        if (_ttyName is not null && _childPid > 0)
        {
            Utmp.Logout(_ttyName, _childPid);
            SysLog.Info($"user {_userName} session end");
        }
        if (_pty.Master >= 0) FileDescriptor.Close(_pty.Master);
        if (_childPid > 0 && !_childExited)
        {
            // Closing the master hangs up the session; make sure its process group hears it.
            Signals.KillProcessGroup(_childPid, Signals.SIGHUP);
            ChildProcess.Wait(_childPid, noHang: true, out _, out _);
        }
        _signals.Dispose();
        _link.Dispose();
        _socket.Dispose();
    }
}
