"""A UDP relay between a mosh client and server on loopback that counts what crosses it.

The client is told the relay's port; the relay forwards each datagram to the server from one
socket of its own and sends the server's datagrams back to wherever the client last spoke
from (so the client's port hopping still works). Payload bytes and datagrams are counted per
direction. It is driven by the session's event loop (no thread of its own)."""

import socket

_BUFFER = 4 << 20


class CountingRelay:
    def __init__(self, server_port, host="127.0.0.1"):
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for s in (self.front, self.back):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _BUFFER)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _BUFFER)
            s.setblocking(False)
        self.front.bind((host, 0))
        self.back.bind((host, 0))
        self.back.connect((host, server_port))
        self.port = self.front.getsockname()[1]
        self.client_address = None
        self.up_bytes = self.up_packets = 0
        self.down_bytes = self.down_packets = 0

    def sockets(self):
        return (self.front, self.back)

    def on_readable(self, sock):
        if sock is self.front:
            while True:
                try:
                    data, address = self.front.recvfrom(65536)
                except BlockingIOError:
                    return
                self.client_address = address
                self.up_bytes += len(data)
                self.up_packets += 1
                try:
                    self.back.send(data)
                except OSError:
                    pass  # the server has gone; mosh copes with loss anyway
        else:
            while True:
                try:
                    data = self.back.recv(65536)
                except BlockingIOError:
                    return
                except ConnectionRefusedError:
                    continue
                self.down_bytes += len(data)
                self.down_packets += 1
                if self.client_address is not None:
                    try:
                        self.front.sendto(data, self.client_address)
                    except OSError:
                        pass

    def counters(self):
        """(client→server bytes, packets, server→client bytes, packets) so far."""
        return (self.up_bytes, self.up_packets, self.down_bytes, self.down_packets)

    def close(self):
        self.front.close()
        self.back.close()
