using System.Net;
using System.Net.Sockets;

namespace Mosh.Tests.Support;

/// <summary>
/// The weather on one direction of a <see cref="UdpRelay"/>: loss, delay, jitter (which
/// reorders), duplication, a size limit that drops larger datagrams silently (a path-MTU black
/// hole), and a blackout. Settable while the relay runs.
/// </summary>
public sealed class Impairment
{
    private volatile int _delayMs;
    private volatile int _jitterMs;
    private volatile int _mtu;
    private volatile bool _blackout;
    private double _lossRate;
    private double _duplicateRate;

    /// <summary>Fixed one-way delay.</summary>
    public int DelayMs { get => _delayMs; set => _delayMs = value; }

    /// <summary>Extra delay, uniform in [0, JitterMs]: datagrams sent close together arrive reordered.</summary>
    public int JitterMs { get => _jitterMs; set => _jitterMs = value; }

    /// <summary>Probability that a datagram is lost.</summary>
    public double LossRate { get => Volatile.Read(ref _lossRate); set => Volatile.Write(ref _lossRate, value); }

    /// <summary>Probability that a datagram arrives twice (each copy with its own jitter).</summary>
    public double DuplicateRate { get => Volatile.Read(ref _duplicateRate); set => Volatile.Write(ref _duplicateRate, value); }

    /// <summary>Datagrams larger than this many bytes vanish without a trace (0: no limit).</summary>
    public int Mtu { get => _mtu; set => _mtu = value; }

    /// <summary>While set, everything is dropped.</summary>
    public bool Blackout { get => _blackout; set => _blackout = value; }

    /// <summary>Datagrams that went on their way (each copy counts).</summary>
    public long Forwarded;

    /// <summary>Datagrams dropped by loss, blackout or the size limit.</summary>
    public long Dropped;

    /// <summary>Of those, dropped for being larger than <see cref="Mtu"/>.</summary>
    public long DroppedOversize;

    /// <summary>The largest datagram seen in this direction.</summary>
    public int LargestSeen;

    /// <summary>Datagrams sent after one that arrived later than they did (jitter reorders).</summary>
    public long Reordered;

    // The arrival order of the last datagram sent on (the relay's thread only).
    internal long LastSentOrder = -1;

    /// <summary>Back to a perfect path.</summary>
    public void Clear()
    {
        DelayMs = 0;
        JitterMs = 0;
        LossRate = 0;
        DuplicateRate = 0;
        Mtu = 0;
        Blackout = false;
    }
}

/// <summary>
/// A user-space impairment relay between a mosh client and server on loopback. The client talks
/// to <see cref="ListenPort"/>; the relay forwards to the server from its own "outbound" socket
/// and returns the replies to the client's latest address, each direction under its own
/// <see cref="Impairment"/> (seeded, so a run's pattern of loss is repeatable given the same
/// traffic). Switching the outbound socket (new port, optionally a new address such as
/// 127.0.0.2) is what the server sees when a client roams or a NAT rebinds it.
/// </summary>
public sealed class UdpRelay : IDisposable
{
    private readonly Socket _listen;
    private readonly IPEndPoint _server;
    private readonly Thread _thread;
    private readonly object _lock = new();
    private readonly Random _random;
    private readonly PriorityQueue<(bool ToServer, byte[] Data), (long Due, long Order)> _scheduled = new();
    private readonly List<EndPoint> _clientSources = new();
    private volatile bool _stop;
    private Socket _outbound;
    private EndPoint? _client;
    private byte[]? _lastClientDatagram;
    private long _order;

    public UdpRelay(int serverPort, int seed = 1)
    {
        _random = new Random(seed);
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _listen = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _listen.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _outbound = NewOutbound(IPAddress.Loopback);
        _thread = new Thread(Loop) { IsBackground = true, Name = "udp-relay" };
        _thread.Start();
    }

    public int ListenPort => ((IPEndPoint)_listen.LocalEndPoint!).Port;

    /// <summary>Client to server.</summary>
    public Impairment ToServer { get; } = new();

    /// <summary>Server to client.</summary>
    public Impairment ToClient { get; } = new();

    /// <summary>The address and port the server currently sees as the client.</summary>
    public IPEndPoint OutboundEndPoint
    {
        get
        {
            lock (_lock) return (IPEndPoint)_outbound.LocalEndPoint!;
        }
    }

    /// <summary>While set, datagrams from the server are dropped (a one-way outage).</summary>
    public bool DropFromServer
    {
        get => ToClient.Blackout;
        set => ToClient.Blackout = value;
    }

    /// <summary>Delay added to each direction, in milliseconds (a slow link).</summary>
    public int DelayMs
    {
        get => ToServer.DelayMs;
        set
        {
            ToServer.DelayMs = value;
            ToClient.DelayMs = value;
        }
    }

    /// <summary>Both directions at once.</summary>
    public void Impair(Action<Impairment> set)
    {
        set(ToServer);
        set(ToClient);
    }

    /// <summary>Every source address the client has sent from, in order of first appearance.</summary>
    public List<EndPoint> ClientSources
    {
        get
        {
            lock (_lock) return [.. _clientSources];
        }
    }

    /// <summary>Datagrams from the server that arrived on the current outbound socket.</summary>
    public int RepliesOnCurrentOutbound { get; private set; }

    /// <summary>A copy of the newest datagram the client sent (for replay tests).</summary>
    public byte[]? LastClientDatagram
    {
        get
        {
            lock (_lock) return _lastClientDatagram?.ToArray();
        }
    }

    /// <summary>From now on, traffic to the server leaves from a new socket bound to <paramref name="address"/>.</summary>
    public void SwitchOutbound(IPAddress address)
    {
        lock (_lock)
        {
            _outbound.Dispose();
            _outbound = NewOutbound(address);
            RepliesOnCurrentOutbound = 0;
        }
    }

    private static Socket NewOutbound(IPAddress address)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(address, 0));
        return s;
    }

    private void Loop()
    {
        var buffer = new byte[65536];
        while (!_stop)
        {
            Socket outbound;
            lock (_lock) outbound = _outbound;
            int waitUs = SendDue();
            var read = new List<Socket> { _listen, outbound };
            try
            {
                Socket.Select(read, null, null, waitUs);
            }
            catch (ObjectDisposedException)
            {
                continue;
            }
            catch (SocketException)
            {
                continue;
            }
            foreach (Socket s in read)
            {
                try
                {
                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    int n = s.ReceiveFrom(buffer, ref from);
                    if (s == _listen)
                    {
                        lock (_lock)
                        {
                            _client = from;
                            if (!_clientSources.Contains(from)) _clientSources.Add(from);
                            _lastClientDatagram = buffer.AsSpan(0, n).ToArray();
                        }
                        Forward(toServer: true, buffer.AsSpan(0, n));
                    }
                    else
                    {
                        lock (_lock)
                        {
                            if (s == _outbound) RepliesOnCurrentOutbound++;
                        }
                        Forward(toServer: false, buffer.AsSpan(0, n));
                    }
                }
                catch (ObjectDisposedException)
                {
                }
                catch (SocketException)
                {
                }
            }
        }
    }

    private void Forward(bool toServer, ReadOnlySpan<byte> data)
    {
        Impairment weather = toServer ? ToServer : ToClient;
        weather.LargestSeen = Math.Max(weather.LargestSeen, data.Length);
        if (weather.Blackout || (weather.Mtu > 0 && data.Length > weather.Mtu) || _random.NextDouble() < weather.LossRate)
        {
            Interlocked.Increment(ref weather.Dropped);
            if (weather.Mtu > 0 && data.Length > weather.Mtu) Interlocked.Increment(ref weather.DroppedOversize);
            return;
        }
        int copies = _random.NextDouble() < weather.DuplicateRate ? 2 : 1;
        for (int i = 0; i < copies; i++)
        {
            long delay = weather.DelayMs + (weather.JitterMs > 0 ? _random.Next(weather.JitterMs + 1) : 0);
            Interlocked.Increment(ref weather.Forwarded);
            if (delay == 0)
            {
                Send(toServer, data);
                continue;
            }
            lock (_lock) _scheduled.Enqueue((toServer, data.ToArray()), (Environment.TickCount64 + delay, _order++));
        }
    }

    /// <summary>Sends what is due; returns how long Select may wait, in microseconds.</summary>
    private int SendDue()
    {
        while (true)
        {
            (bool ToServer, byte[] Data) item;
            (long Due, long Order) when;
            lock (_lock)
            {
                if (!_scheduled.TryPeek(out item, out when))
                {
                    return 50_000;
                }
                long wait = when.Due - Environment.TickCount64;
                if (wait > 0)
                {
                    return (int)Math.Clamp(wait * 1000, 1000, 50_000);
                }
                _scheduled.Dequeue();
            }
            Impairment weather = item.ToServer ? ToServer : ToClient;
            if (when.Order < weather.LastSentOrder) Interlocked.Increment(ref weather.Reordered);
            else weather.LastSentOrder = when.Order;
            Send(item.ToServer, item.Data);
        }
    }

    private void Send(bool toServer, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            try
            {
                if (toServer) _outbound.SendTo(data, _server);
                else if (_client is not null) _listen.SendTo(data, _client);
            }
            catch (SocketException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(2000);
        _listen.Dispose();
        lock (_lock) _outbound.Dispose();
    }
}
