using System.Net;
using System.Net.Sockets;

namespace Mosh.Tests.Support;

/// <summary>
/// A UDP relay between a mosh client and server on loopback: the client talks to
/// <see cref="ListenPort"/>; the relay forwards to the server from its own "outbound" socket and
/// returns the replies to the client's latest address. Switching the outbound socket (new port,
/// optionally a new address such as 127.0.0.2) is what the server sees when a client roams.
/// </summary>
public sealed class UdpRelay : IDisposable
{
    private readonly Socket _listen;
    private readonly IPEndPoint _server;
    private readonly Thread _thread;
    private readonly object _lock = new();
    private volatile bool _stop;
    private Socket _outbound;
    private EndPoint? _client;
    private byte[]? _lastClientDatagram;

    public UdpRelay(int serverPort)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _listen = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _listen.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _outbound = NewOutbound(IPAddress.Loopback);
        _thread = new Thread(Loop) { IsBackground = true, Name = "udp-relay" };
        _thread.Start();
    }

    public int ListenPort => ((IPEndPoint)_listen.LocalEndPoint!).Port;

    /// <summary>The address and port the server currently sees as the client.</summary>
    public IPEndPoint OutboundEndPoint
    {
        get
        {
            lock (_lock) return (IPEndPoint)_outbound.LocalEndPoint!;
        }
    }

    /// <summary>While set, datagrams from the server are dropped (a one-way outage).</summary>
    public volatile bool DropFromServer;

    /// <summary>Delay added to each direction, in milliseconds (a slow link).</summary>
    public volatile int DelayMs;

    /// <summary>Every source address the client has sent from, in order of first appearance.</summary>
    public List<EndPoint> ClientSources
    {
        get
        {
            lock (_lock) return [.. _clientSources];
        }
    }

    private readonly List<EndPoint> _clientSources = new();
    private readonly List<(long Due, bool ToServer, byte[] Data)> _delayed = new();

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
        var buffer = new byte[4096];
        while (!_stop)
        {
            Socket outbound;
            lock (_lock) outbound = _outbound;
            FlushDelayed();
            var read = new List<Socket> { _listen, outbound };
            try
            {
                Socket.Select(read, null, null, DelayMs > 0 ? 5_000 : 50_000);
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
                        if (!DropFromServer) Forward(toServer: false, buffer.AsSpan(0, n));
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
        if (DelayMs > 0)
        {
            lock (_lock) _delayed.Add((Environment.TickCount64 + DelayMs, toServer, data.ToArray()));
            return;
        }
        Send(toServer, data);
    }

    private void Send(bool toServer, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (toServer) _outbound.SendTo(data, _server);
            else if (_client is not null) _listen.SendTo(data, _client);
        }
    }

    private void FlushDelayed()
    {
        long now = Environment.TickCount64;
        List<(long Due, bool ToServer, byte[] Data)> due;
        lock (_lock)
        {
            due = _delayed.Where(d => d.Due <= now).ToList();
            _delayed.RemoveAll(d => d.Due <= now);
        }
        foreach (var d in due) Send(d.ToServer, d.Data);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(2000);
        _listen.Dispose();
        lock (_lock) _outbound.Dispose();
    }
}
