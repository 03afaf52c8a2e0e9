using Mosh.Network;

namespace Mosh.Transport;

/// <summary>
/// Survives path-MTU black holes (protocol §2.5.1): a path that silently drops datagrams above
/// some size, without the ICMP that would make sendto fail with EMSGSIZE (upstream's only
/// fallback, so it stalls there: its issue #832). Mosh clears DF, so this happens where a
/// tunnel or middlebox drops what it would have to fragment.
/// <para>
/// The sign: datagrams larger than <see cref="Mtu.DefaultSendMtu"/> have been sent, nothing sent
/// since the first of them has been acknowledged for the suspicion time (4 RTOs, at least 1 s),
/// and yet the peer is heard from (so the path itself works). Then datagrams are cut at
/// <see cref="Mtu.DefaultSendMtu"/>, what upstream falls back to on EMSGSIZE. If small datagrams
/// fare no better within twice that time, it was plain loss: the normal size comes back, and the
/// next suspicion must last twice as long. If they do better, the normal size is tried again
/// after <see cref="FirstProbeMs"/>, then after twice as long each time the black hole is still
/// there (at most <see cref="MaxProbeMs"/>), so a path that heals gets its large datagrams back.
/// Not thread-safe; a value type owned by the connection.
/// </para>
/// </summary>
public struct PathMtuFallback
{
    private const long Unset = long.MinValue;

    /// <summary>At least this long without progress before large datagrams are suspected …</summary>
    public const long MinimumSuspicionMs = 1000;

    /// <summary>… and at least this many retransmission timeouts.</summary>
    public const int SuspicionTimeouts = 4;

    /// <summary>Small datagrams that work are kept this long before the normal size is tried again …</summary>
    public const long FirstProbeMs = 10_000;

    /// <summary>… doubling each time the black hole is found again, up to this.</summary>
    public const long MaxProbeMs = 600_000;

    private long _largeSinceMs;
    private long _reducedAtMs;
    private long _lastHeardMs;
    private long _lastProgressMs;
    private long _probeIntervalMs;
    private bool _probing;
    private int _backoff;
    private bool _initialized;

    /// <summary>Whether datagrams are being cut at the small size now.</summary>
    public readonly bool Reduced => _initialized && _reducedAtMs != Unset;

    /// <summary>How many times the fallback has been taken (diagnostics, tests).</summary>
    public int Reductions { readonly get; private set; }

    /// <summary>How long large datagrams must go unacknowledged, for an RTO of <paramref name="timeoutMs"/>.</summary>
    public readonly long SuspicionMs(int timeoutMs) =>
        Math.Max(MinimumSuspicionMs, (long)SuspicionTimeouts * timeoutMs) << Math.Min(_backoff, 6);

    private void Initialize()
    {
        if (!_initialized)
        {
            _initialized = true;
            _largeSinceMs = Unset;
            _reducedAtMs = Unset;
            _lastHeardMs = Unset;
            _lastProgressMs = Unset;
            _probeIntervalMs = FirstProbeMs;
            _probing = false;
        }
    }

    /// <summary>A send whose largest datagram was <paramref name="largestDatagram"/> bytes.</summary>
    public void Sent(int largestDatagram, long nowMs)
    {
        Initialize();
        if (largestDatagram > Mtu.DefaultSendMtu && _largeSinceMs == Unset)
        {
            _largeSinceMs = nowMs;
        }
    }

    /// <summary>An authentic datagram from the peer: the path works in at least one direction.</summary>
    public void Heard(long nowMs)
    {
        Initialize();
        _lastHeardMs = nowMs;
    }

    /// <summary>The peer acknowledged a state we sent at <paramref name="sentAtMs"/>.</summary>
    public void Acknowledged(long sentAtMs)
    {
        Initialize();
        if (_largeSinceMs != Unset && sentAtMs >= _largeSinceMs)
        {
            // What was sent large got through: no black hole (or it has healed).
            _largeSinceMs = Unset;
            if (_probing)
            {
                _probing = false;
                _probeIntervalMs = FirstProbeMs;
            }
        }
        if (_reducedAtMs != Unset && sentAtMs >= _reducedAtMs)
        {
            _lastProgressMs = sentAtMs; // small datagrams get through
        }
    }

    /// <summary>
    /// The datagram size to use now: <paramref name="normalMtu"/>, or the small size while a
    /// black hole is suspected.
    /// </summary>
    public int Decide(long nowMs, int timeoutMs, int normalMtu)
    {
        Initialize();
        long suspicion = SuspicionMs(timeoutMs);
        if (_reducedAtMs == Unset)
        {
            if (_largeSinceMs != Unset && normalMtu > Mtu.DefaultSendMtu && nowMs - _largeSinceMs >= suspicion
                && _lastHeardMs != Unset && _lastHeardMs > _largeSinceMs)
            {
                if (_probing)
                {
                    // The black hole is still there: keep small datagrams longer before the next try.
                    _probeIntervalMs = Math.Min(MaxProbeMs, _probeIntervalMs * 2);
                    _probing = false;
                }
                _reducedAtMs = nowMs;
                _lastProgressMs = Unset;
                _largeSinceMs = Unset;
                Reductions++;
            }
        }
        else if (_lastProgressMs == Unset)
        {
            if (nowMs - _reducedAtMs >= 2 * suspicion && _lastHeardMs != Unset && _lastHeardMs > _reducedAtMs)
            {
                // Small datagrams fared no better: it was loss, not a black hole.
                _reducedAtMs = Unset;
                _backoff++;
            }
        }
        else if (nowMs - _reducedAtMs >= _probeIntervalMs)
        {
            // Small datagrams work; see whether large ones do again.
            _reducedAtMs = Unset;
            _probing = true;
        }
        return _reducedAtMs == Unset ? normalMtu : Math.Min(normalMtu, Mtu.DefaultSendMtu);
    }

    /// <summary>The peer moved (a new path): start again from the normal size.</summary>
    public void Reset()
    {
        _initialized = false;
        _backoff = 0;
        Initialize();
    }
}
