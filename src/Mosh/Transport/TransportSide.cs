namespace Mosh.Transport;

/// <summary>Which end of the session a transport runs; it sets SEND_MINDELAY (protocol §4.5).</summary>
public enum TransportSide
{
    Client,
    Server,
}
