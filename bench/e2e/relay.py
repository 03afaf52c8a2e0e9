"""A UDP relay between a mosh client and server on loopback that counts what crosses it.

The client is told the relay's port; the relay forwards each datagram to the server from one
socket of its own and sends the server's datagrams back to wherever the client last spoke
from (so the client's port hopping still works). Payload bytes and datagrams are counted per
direction. It is driven by the session's event loop (no thread of its own).

With `delay_ms`, every datagram is held for half of it in each direction, so the session sees a
link with that round-trip time (no loss, no jitter); `next_due()` tells the loop when to call
`flush(now)`."""

import collections
import socket
import time

_BUFFER = 4 << 20


class CountingRelay:
    def __init__(self, server_port, host="127.0.0.1", delay_ms=0.0):
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
        self.one_way = delay_ms / 2000.0
        self._held = collections.deque()  # (due, upward, data), in order of arrival and so of due

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
                self._forward(True, data)
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
                self._forward(False, data)

    def _forward(self, upward, data):
        if self.one_way > 0:
            self._held.append((time.monotonic() + self.one_way, upward, data))
        else:
            self._send(upward, data)

    def _send(self, upward, data):
        try:
            if upward:
                self.back.send(data)
            elif self.client_address is not None:
                self.front.sendto(data, self.client_address)
        except OSError:
            pass  # the other end has gone; mosh copes with loss anyway

    def next_due(self):
        """When the oldest held datagram is due (monotonic seconds), or None."""
        return self._held[0][0] if self._held else None

    def flush(self, now):
        """Sends the held datagrams that are due."""
        while self._held and self._held[0][0] <= now:
            _, upward, data = self._held.popleft()
            self._send(upward, data)

    def counters(self):
        """(client→server bytes, packets, server→client bytes, packets) so far."""
        return (self.up_bytes, self.up_packets, self.down_bytes, self.down_packets)

    def close(self):
        self.front.close()
        self.back.close()
