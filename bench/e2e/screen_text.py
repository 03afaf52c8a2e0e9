"""Printable text out of a terminal output stream: escape sequences and control characters
removed, UTF-8 kept. Used to see typed characters come back in the client's drawing."""

_NORMAL, _ESCAPE, _CSI, _STRING, _STRING_ESCAPE, _CHARSET = range(6)


class EscapeStripper:
    def __init__(self):
        self.state = _NORMAL

    def feed(self, data):
        out = bytearray()
        state = self.state
        for b in data:
            if state == _NORMAL:
                if b == 0x1B:
                    state = _ESCAPE
                elif b >= 0x20 and b != 0x7F:
                    out.append(b)
            elif state == _ESCAPE:
                if b == 0x5B:  # [
                    state = _CSI
                elif b in (0x5D, 0x50, 0x5F, 0x5E, 0x58):  # ] P _ ^ X: strings up to BEL or ST
                    state = _STRING
                elif 0x20 <= b <= 0x2F:  # ESC ( B and friends: one more byte
                    state = _CHARSET
                else:
                    state = _NORMAL
            elif state == _CSI:
                if 0x40 <= b <= 0x7E:
                    state = _NORMAL
            elif state == _STRING:
                if b == 0x07:
                    state = _NORMAL
                elif b == 0x1B:
                    state = _STRING_ESCAPE
            elif state == _STRING_ESCAPE:
                state = _NORMAL if b == 0x5C else _STRING
            elif state == _CHARSET:
                state = _NORMAL
        self.state = state
        return bytes(out)
