"""One real mosh session on loopback: a server started with `mosh-server new`, a counting
relay, and a client running on a pseudo-terminal that this process owns.

Owning the client's terminal lets us write keystrokes and read everything the client draws,
timestamped as it arrives. We read the screen from that stream instead of a terminal emulator:
the markers we wait for are made of characters that nothing else on the screen uses, so a
frame-diff renderer has to draw them as one contiguous run on the row where they appear."""

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time

from procstat import alive
from relay import CountingRelay

PROMPT = b"~|P|~ "
END_MARKER = b"~|END|~"
# Typed so that the echoed command line does not contain the marker itself.
END_COMMAND = "echo '~|EN''D|~'"
QUIT_KEYS = b"\x1e."  # Ctrl-^ . : the client's escape to quit

_CONNECT = re.compile(rb"MOSH CONNECT (\d+) (\S+)")
_DETACHED = re.compile(rb"detached, pid = (\d+)")


class BenchError(Exception):
    pass


def default_interrupt_signals():
    """SIGINT, SIGQUIT and SIGHUP back to their defaults in a child about to exec. A benchmark
    started in the background (nohup, `&` in a script) inherits them ignored, and a server that
    does not reset them (upstream's does not) can pass that on to the session's programs, where
    Ctrl-C then kills nothing."""
    for number in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


def session_environment(extra=None):
    """A small, fixed environment for both ends: UTF-8 locale, the prompt marker, no rc files."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "PS1": PROMPT.decode(),
        "SHELL": "/bin/sh",
    }
    for name in ("TMPDIR", "DOTNET_ROOT"):
        if name in os.environ:
            env[name] = os.environ[name]
    if extra:
        env.update(extra)
    return env


class Server:
    """`SERVER new` bound to 127.0.0.1 running /bin/sh; remembers the daemon's pid."""

    def __init__(self, command, env=None, timeout=20.0):
        argv = list(command) + ["new", "-i", "127.0.0.1", "-p", "0", "-c", "256", "-l", "LANG=C.UTF-8",
                                "--", "/bin/sh"]
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=session_environment(env), start_new_session=True,
                                preexec_fn=default_interrupt_signals)
        out = b""
        deadline = started + timeout
        connect = None
        while connect is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([proc.stdout], [], [], remaining)[0]:
                proc.kill()
                raise BenchError(f"{argv[0]}: no MOSH CONNECT within {timeout} s")
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            out += chunk
            connect = _CONNECT.search(out)
        self.connect_seconds = time.monotonic() - started
        try:
            rest, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise BenchError(f"{argv[0]} new did not exit")
        out += rest
        connect = connect or _CONNECT.search(out)
        detached = _DETACHED.search(err)
        if connect is None or detached is None:
            raise BenchError(f"{argv[0]} did not start: {out!r} {err!r}")
        self.port = int(connect.group(1))
        self.key = connect.group(2).decode()
        self.pid = int(detached.group(1))

    def stop(self):
        """Ends the daemon if the client's quit has not: SIGTERM, then SIGKILL."""
        for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)):
            if not alive(self.pid):
                return
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + wait
            while alive(self.pid) and time.monotonic() < deadline:
                time.sleep(0.02)


class Client:
    """A program (the client, or the launcher) on a pseudo-terminal of a fixed size."""

    def __init__(self, argv, environment, columns, rows):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        # posix_spawn (vfork) rather than fork: on this kind of virtual machine a fork of the
        # benchmark's Python process costs 10-15 ms, which would land in every start-up figure.
        # The child starts a session, and opening the slave as that session's first terminal
        # makes it the controlling terminal (Linux); the spawn resets the three signals.
        actions = [(os.POSIX_SPAWN_OPEN, 0, os.ttyname(slave), os.O_RDWR, 0),
                   (os.POSIX_SPAWN_DUP2, 0, 1), (os.POSIX_SPAWN_DUP2, 0, 2)]
        self.started = time.monotonic()
        pid = os.posix_spawn(argv[0], argv, environment, file_actions=actions, setsid=True,
                             setsigdef=(signal.SIGINT, signal.SIGQUIT, signal.SIGHUP))
        os.close(slave)
        os.set_blocking(master, False)
        self.pid = pid
        self.fd = master
        self.exit_status = None

    def write(self, data):
        while data:
            try:
                n = os.write(self.fd, data)
                data = data[n:]
            except BlockingIOError:
                select.select([], [self.fd], [], 1.0)

    def reap(self, timeout):
        if self.exit_status is not None:
            return True
        deadline = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = status
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)

    def kill(self):
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap(2.0)


def launcher_first_screen(launcher, client, server, columns=80, rows=24, timeout=30.0):
    """Seconds from starting `mosh --local 127.0.0.1 -- /bin/sh` on a pty to its prompt drawn.
    The launcher's server is not ours to know by pid: the client's quit ends it, and a network
    timeout ends it anyway should the quit not arrive."""
    argv = [launcher, "--local", f"--client={client}", f"--server={server}", "--predict=never",
            "127.0.0.1", "--", "/bin/sh"]
    program = Client(argv, session_environment({"MOSH_SERVER_NETWORK_TMOUT": "30"}), columns, rows)
    tail, seen = b"", None
    deadline = program.started + timeout
    try:
        while seen is None and time.monotonic() < deadline:
            if not select.select([program.fd], [], [], max(deadline - time.monotonic(), 0))[0]:
                continue
            now = time.monotonic()
            try:
                chunk = os.read(program.fd, 1 << 16)
            except (BlockingIOError, OSError):
                chunk = b""
            if not chunk:
                if program.reap(0):
                    break
                continue
            window = tail + chunk
            tail = window[-64:]
            if PROMPT in window:
                seen = now
        if seen is None:
            raise BenchError(f"{launcher} --local: no prompt within {timeout} s")
        program.write(QUIT_KEYS)
        end = time.monotonic() + 3.0
        while time.monotonic() < end and not program.reap(0):
            if select.select([program.fd], [], [], 0.05)[0]:
                try:
                    os.read(program.fd, 1 << 16)
                except OSError:
                    pass
        return seen - program.started
    finally:
        program.kill()
        os.close(program.fd)


class Session:
    """Server, relay and client, and the loop that moves their data and watches the screen."""

    def __init__(self, server_command, client_command, columns, rows, server_env=None, after_server=None,
                 client_env=None, rtt_ms=0.0):
        """after_server(server), if given, runs between the server's start and the client's;
        client_env adds to the client's environment; rtt_ms makes the relay a link with that
        round-trip time."""
        self.columns, self.rows = columns, rows
        self.client = None
        self.relay = None
        self.output_bytes = 0
        self._tail = b""
        self._text_hook = None
        self.server = Server(server_command, server_env)
        try:
            if after_server is not None:
                after_server(self.server)
            self.relay = CountingRelay(self.server.port, delay_ms=rtt_ms)
            environment = session_environment({"MOSH_KEY": self.server.key, "MOSH_PREDICTION_DISPLAY": "never",
                                               **(client_env or {})})
            self.client = Client(list(client_command) + ["127.0.0.1", str(self.relay.port)], environment,
                                 columns, rows)
            self.prompt_seconds = self.wait_for(PROMPT, 20.0) - self.client.started
        except BaseException:
            self.close()
            raise

    # --- the loop -------------------------------------------------------------------------
    def pump(self, seconds):
        """Moves data for `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            self._step(remaining)

    def _step(self, timeout):
        readers = [self.client.fd, *self.relay.sockets()]
        due = self.relay.next_due()
        if due is not None:
            timeout = min(timeout, due - time.monotonic())
        ready = select.select(readers, [], [], max(timeout, 0))[0]
        now = time.monotonic()
        self.relay.flush(now)
        found = False
        for r in ready:
            if r == self.client.fd:
                found |= self._read_client(now)
            else:
                self.relay.on_readable(r)
        return now, found

    def _read_client(self, now):
        while True:
            try:
                chunk = os.read(self.client.fd, 1 << 16)
            except BlockingIOError:
                return False
            except OSError:  # EIO: the client has closed its terminal
                return False
            if not chunk:
                return False
            self.output_bytes += len(chunk)
            if self._text_hook is not None:
                self._text_hook(now, chunk)
            window = self._tail + chunk
            self._tail = window[-64:]
            if self._wanted is not None and self._wanted in window:
                self._wanted_at = now
                self._wanted = None

    _wanted = None
    _wanted_at = None

    def wait_for(self, marker, timeout):
        """Moves data until `marker` has been drawn; returns the monotonic time it arrived."""
        self._wanted, self._wanted_at = marker, None
        self._tail = b""
        deadline = time.monotonic() + timeout
        while self._wanted_at is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._wanted = None
                raise BenchError(f"{marker!r} not on the client's screen within {timeout} s")
            self._step(remaining)
        return self._wanted_at

    def type(self, text):
        self.client.write(text.encode() if isinstance(text, str) else text)

    def set_text_hook(self, hook):
        """hook(time, bytes) sees everything the client draws (None to stop)."""
        self._text_hook = hook

    # --- the end --------------------------------------------------------------------------
    def close(self):
        """Quits through the client's escape key, then makes sure both ends are gone."""
        if self.client is not None:
            try:
                self.type(QUIT_KEYS)
                deadline = time.monotonic() + 3.0
                while time.monotonic() < deadline:
                    self._step(0.05)
                    if self.client.reap(0):
                        break
            except OSError:
                pass
            self.client.kill()
            os.close(self.client.fd)
        self.server.stop()
        if self.relay is not None:
            self.relay.close()
