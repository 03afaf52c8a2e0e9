using Mosh.Network;

namespace Mosh.Testing;

/// <summary>An address on a <see cref="SimulatedNetwork"/>: a host number and a port.</summary>
public readonly record struct SimAddress(int Host, int Port) : IPeerAddress<SimAddress>
{
    public bool IsIPv6 => false;

    public override string ToString() => $"10.0.0.{Host}:{Port}";
}

/// <summary>
/// An in-memory datagram network in virtual time, for running real <see cref="Transport.Connection{TSocket, TAddress}"/>s
/// without sockets: addressed sockets, per-destination weather (<see cref="LinkOptions"/>: loss,
/// delay, jitter, duplication, MTU, outage), NAT-style changes of a socket's public address
/// (roaming), injected datagrams (garbage, replays from elsewhere) and failing sends. Packets
/// are pooled, so a warmed-up network allocates nothing.
/// </summary>
public sealed class SimulatedNetwork
{
    private readonly VirtualClock _clock;
    private readonly DeterministicRandom _random;
    private readonly Dictionary<SimAddress, SimulatedSocket> _routes = new();
    private readonly Dictionary<int, LinkOptions> _towardsHost = new();
    private readonly Dictionary<int, int> _sendFailureOfHost = new();
    private readonly List<Packet> _inFlight = new(64);
    private readonly Stack<Packet> _free = new(64);
    private long _order;
    private int _nextPort = 40_000;

    public SimulatedNetwork(VirtualClock clock, ulong seed = 1)
    {
        _clock = clock;
        _random = new DeterministicRandom(seed);
    }

    public VirtualClock Clock => _clock;

    /// <summary>The weather of datagrams sent to <paramref name="host"/> (perfect unless set).</summary>
    public LinkOptions Towards(int host)
    {
        if (!_towardsHost.TryGetValue(host, out LinkOptions? options))
        {
            options = LinkOptions.Perfect();
            _towardsHost[host] = options;
        }
        return options;
    }

    /// <summary>
    /// Makes every send from <paramref name="host"/> fail with <paramref name="errno"/> (0: send
    /// again), on every socket it has or opens later: a local firewall, an interface that is down.
    /// </summary>
    public void FailSendsFrom(int host, int errno) => _sendFailureOfHost[host] = errno;

    internal int SendFailureOf(int host) => _sendFailureOfHost.TryGetValue(host, out int errno) ? errno : 0;

    public long SentCount { get; private set; }

    public long DeliveredCount { get; private set; }

    /// <summary>Datagrams sent to an address nobody listens on (or lost on the way).</summary>
    public long DroppedCount { get; private set; }

    /// <summary>When set, a copy of every datagram sent is kept here (allocates; off for allocation tests).</summary>
    public List<(SimAddress From, SimAddress To, byte[] Datagram)>? Recorded { get; set; }

    /// <summary>A new socket on <paramref name="host"/> with the next free port.</summary>
    public SimulatedSocket Open(int host)
    {
        var address = new SimAddress(host, _nextPort++);
        var socket = new SimulatedSocket(this, address);
        _routes[address] = socket;
        return socket;
    }

    /// <summary>A socket bound to exactly <paramref name="address"/> (a server's port).</summary>
    public SimulatedSocket Bind(SimAddress address)
    {
        var socket = new SimulatedSocket(this, address);
        _routes[address] = socket;
        return socket;
    }

    internal void Readdress(SimulatedSocket socket, SimAddress from, SimAddress to)
    {
        if (_routes.TryGetValue(from, out SimulatedSocket? current) && current == socket)
        {
            _routes.Remove(from);
        }
        _routes[to] = socket;
    }

    internal void Close(SimulatedSocket socket) => _routes.Remove(socket.PublicAddress);

    internal void Send(SimulatedSocket from, ReadOnlySpan<byte> datagram, SimAddress to)
    {
        SentCount++;
        Recorded?.Add((from.PublicAddress, to, datagram.ToArray()));
        LinkOptions options = Towards(to.Host);
        if (!options.Up || (options.Mtu > 0 && datagram.Length > options.Mtu) || _random.Chance(options.LossRate))
        {
            DroppedCount++;
            return;
        }
        Schedule(from.PublicAddress, to, datagram, options);
        if (_random.Chance(options.DuplicateRate))
        {
            Schedule(from.PublicAddress, to, datagram, options);
        }
    }

    /// <summary>Delivers <paramref name="datagram"/> to <paramref name="to"/> as if sent from <paramref name="from"/>, after the usual delay.</summary>
    public void Inject(SimAddress from, SimAddress to, ReadOnlySpan<byte> datagram) =>
        Schedule(from, to, datagram, Towards(to.Host));

    private void Schedule(SimAddress from, SimAddress to, ReadOnlySpan<byte> datagram, LinkOptions options)
    {
        Packet packet = _free.Count > 0 ? _free.Pop() : new Packet();
        packet.Set(from, to, datagram);
        packet.DeliverAtMs = _clock.NowMs + options.DelayMs + _random.Next(options.JitterMs + 1L);
        packet.Order = _order++;
        _inFlight.Add(packet);
    }

    /// <summary>Delivery time of the next packet in flight, or long.MaxValue.</summary>
    public long NextDeliveryMs
    {
        get
        {
            long next = long.MaxValue;
            foreach (Packet packet in _inFlight)
            {
                next = Math.Min(next, packet.DeliverAtMs);
            }
            return next;
        }
    }

    /// <summary>Moves every packet due by now into its destination socket's queue, earliest (then first sent) first.</summary>
    public void DeliverDue()
    {
        long now = _clock.NowMs;
        while (true)
        {
            int best = -1;
            for (int i = 0; i < _inFlight.Count; i++)
            {
                Packet p = _inFlight[i];
                if (p.DeliverAtMs <= now
                    && (best < 0 || p.DeliverAtMs < _inFlight[best].DeliverAtMs
                        || (p.DeliverAtMs == _inFlight[best].DeliverAtMs && p.Order < _inFlight[best].Order)))
                {
                    best = i;
                }
            }
            if (best < 0)
            {
                return;
            }
            Packet packet = _inFlight[best];
            _inFlight[best] = _inFlight[^1];
            _inFlight.RemoveAt(_inFlight.Count - 1);
            if (_routes.TryGetValue(packet.To, out SimulatedSocket? socket))
            {
                DeliveredCount++;
                socket.Enqueue(packet);
            }
            else
            {
                DroppedCount++;
                Recycle(packet);
            }
        }
    }

    internal void Recycle(Packet packet) => _free.Push(packet);

    internal sealed class Packet
    {
        private byte[] _data = new byte[1500];
        private int _length;

        public SimAddress From;
        public SimAddress To;
        public long DeliverAtMs;
        public long Order;

        public ReadOnlySpan<byte> Data => _data.AsSpan(0, _length);

        public void Set(SimAddress from, SimAddress to, ReadOnlySpan<byte> datagram)
        {
            From = from;
            To = to;
            if (_data.Length < datagram.Length)
            {
                _data = new byte[datagram.Length];
            }
            datagram.CopyTo(_data);
            _length = datagram.Length;
        }
    }
}

/// <summary>A socket on a <see cref="SimulatedNetwork"/>.</summary>
public sealed class SimulatedSocket : IDatagramSocket<SimAddress>
{
    private readonly SimulatedNetwork _network;
    private readonly Queue<SimulatedNetwork.Packet> _received = new(16);
    private SimAddress _publicAddress;

    internal SimulatedSocket(SimulatedNetwork network, SimAddress address)
    {
        _network = network;
        LocalAddress = address;
        _publicAddress = address;
    }

    public SimAddress LocalAddress { get; }

    /// <summary>The address peers see and reply to; changing it is a NAT rebinding or a move to another network.</summary>
    public SimAddress PublicAddress
    {
        get => _publicAddress;
        set
        {
            _network.Readdress(this, _publicAddress, value);
            _publicAddress = value;
        }
    }

    /// <summary>When non-zero, every send fails with this errno (a firewall, an interface that is down).</summary>
    public int FailSendsWith { get; set; }

    public bool IsClosed { get; private set; }

    public bool HasWaiting => _received.Count > 0;

    public SendStatus SendTo(ReadOnlySpan<byte> datagram, in SimAddress destination)
    {
        int errno = FailSendsWith != 0 ? FailSendsWith : _network.SendFailureOf(LocalAddress.Host);
        if (errno != 0)
        {
            return new SendStatus(errno, MessageTooLong: false);
        }
        _network.Send(this, datagram, destination);
        return SendStatus.Ok;
    }

    public bool TryReceive(Span<byte> buffer, out SocketReceipt receipt, out SimAddress source)
    {
        if (!_received.TryDequeue(out SimulatedNetwork.Packet? packet))
        {
            receipt = default;
            source = default;
            return false;
        }
        ReadOnlySpan<byte> data = packet.Data;
        int n = Math.Min(data.Length, buffer.Length);
        data[..n].CopyTo(buffer);
        receipt = new SocketReceipt(n, data.Length > buffer.Length, 0);
        source = packet.From;
        _network.Recycle(packet);
        return true;
    }

    internal void Enqueue(SimulatedNetwork.Packet packet)
    {
        if (IsClosed)
        {
            _network.Recycle(packet);
            return;
        }
        _received.Enqueue(packet);
    }

    public void Dispose()
    {
        if (!IsClosed)
        {
            IsClosed = true;
            _network.Close(this);
        }
    }
}

/// <summary>Opens client sockets on one host of a <see cref="SimulatedNetwork"/>; <see cref="FailWith"/> makes opening fail.</summary>
public sealed class SimulatedSocketFactory(SimulatedNetwork network, int host) : IDatagramSocketFactory<SimulatedSocket>
{
    public int FailWith { get; set; }

    public List<SimulatedSocket> Opened { get; } = new();

    public SimulatedSocket? Open(out int errno)
    {
        errno = FailWith;
        if (FailWith != 0)
        {
            return null;
        }
        SimulatedSocket socket = network.Open(host);
        Opened.Add(socket);
        return socket;
    }
}
