namespace Mosh.Posix.Native;

/// <summary>
/// Numbers that differ between kernels. Linux (glibc, x86-64/arm64) is the primary target;
/// Darwin values are given where we know them so a port starts from the right place.
/// <c>OperatingSystem.IsMacOS()</c> is a constant in a RID-specific Native AOT build, so the
/// branches fold away.
/// </summary>
internal static class Constants
{
    private static bool Darwin => OperatingSystem.IsMacOS() || OperatingSystem.IsIOS();

    // errno
    public static int EINTR => 4;
    public static int EIO => 5;
    public static int EBADF => 9;
    public static int EAGAIN => Darwin ? 35 : 11;
    public static int EACCES => 13;
    public static int EINVAL => 22;
    public static int EMSGSIZE => Darwin ? 40 : 90;
    public static int EADDRINUSE => Darwin ? 48 : 98;
    public static int ENOSYS => Darwin ? 78 : 38;
    public static int ENOENT => 2;
    public static int EEXIST => 17;
    public static int ECONNREFUSED => Darwin ? 61 : 111;
    public static int ENOTSOCK => Darwin ? 38 : 88;

    // open(2) / fcntl(2)
    public static int O_RDONLY => 0;
    public static int O_WRONLY => 1;
    public static int O_RDWR => 2;
    public static int O_NOCTTY => Darwin ? 0x20000 : 0x100;
    public static int O_NONBLOCK => Darwin ? 0x4 : 0x800;
    public static int O_CLOEXEC => Darwin ? 0x1000000 : 0x80000;
    public static int F_DUPFD_CLOEXEC => Darwin ? 67 : 1030;
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int FD_CLOEXEC = 1;

    // getrlimit(2) / setrlimit(2)
    public static int RLIMIT_CORE => 4;

    // ioctl requests (unsigned long)
    public static nuint TIOCGWINSZ => Darwin ? 0x40087468u : 0x5413u;
    public static nuint TIOCSWINSZ => Darwin ? 0x80087467u : 0x5414u;
    /// <summary>On a pty master: send a signal to the slave's foreground process group.</summary>
    public static nuint TIOCSIG => Darwin ? 0x2000745Fu : 0x40045436u;

    // termios
    public const int TCSANOW = 0;
    public static int TCSADRAIN => 1;
    public static int TCIFLUSH => Darwin ? 1 : 0;
    // struct termios layout: c_lflag and c_cc (tcflag_t is 4 bytes on Linux, 8 on Darwin).
    public static int TermiosLocalFlagsOffset => Darwin ? 24 : 12;
    public static int TermiosControlCharsOffset => Darwin ? 32 : 17;
    public static int VINTR => Darwin ? 8 : 0;
    public static int VQUIT => Darwin ? 9 : 1;
    public static int VSUSP => 10;
    public static uint ISIG => Darwin ? 0x80u : 0x1u;
    public static uint NOFLSH => Darwin ? 0x80000000u : 0x80u;
    /// <summary>A control character set to this is disabled.</summary>
    public static byte VDISABLE => Darwin ? (byte)0xff : (byte)0;
    public const uint IUTF8 = 0x4000; // same bit on Linux and Darwin

    // poll(2)
    public const short POLLIN = 0x1;
    public const short POLLPRI = 0x2;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    // sockets
    public const int AF_INET = 2;
    public static int AF_INET6 => Darwin ? 30 : 10;
    public static int SOCK_DGRAM => 2;
    public static int SOCK_STREAM => 1;
    public const int AF_UNIX = 1;
    public static int SOL_SOCKET => Darwin ? 0xffff : 1;
    /// <summary>Linux only (Darwin has getpeereid instead).</summary>
    public const int SO_PEERCRED = 17;
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public static int SOCK_CLOEXEC => Darwin ? 0 : 0x80000;
    public const int IPPROTO_IP = 0;
    public const int IPPROTO_UDP = 17;
    public const int IPPROTO_IPV6 = 41;
    public static int IP_TOS => Darwin ? 3 : 1;
    public static int IP_RECVTOS => Darwin ? 27 : 13;
    /// <summary>Linux only; Darwin has no per-socket PMTU switch (DF is off by default there).</summary>
    public const int IP_MTU_DISCOVER = 10;
    public const int IP_PMTUDISC_DONT = 0;
    public static int IPV6_V6ONLY => Darwin ? 27 : 26;
    public static int IPV6_TCLASS => Darwin ? 36 : 67;
    public static int MSG_TRUNC => Darwin ? 0x10 : 0x20;
    public static int MSG_CTRUNC => Darwin ? 0x20 : 0x8;
    public static int MSG_DONTWAIT => Darwin ? 0x80 : 0x40;

    // getaddrinfo / getnameinfo
    public const int AI_PASSIVE = 1;
    public const int AI_NUMERICHOST = 4;
    public static int AI_NUMERICSERV => Darwin ? 0x1000 : 0x400;
    public static int NI_NUMERICHOST => Darwin ? 2 : 1;
    public static int NI_NUMERICSERV => Darwin ? 8 : 2;
    public const int NI_MAXHOST = 1025;

    // signals (the classic numbers are shared; the rest differ)
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGABRT = 6;
    public const int SIGKILL = 9;
    public const int SIGPIPE = 13;
    public const int SIGALRM = 14;
    public const int SIGTERM = 15;
    public const int SIGXCPU = 24;
    public const int SIGXFSZ = 25;
    public const int SIGVTALRM = 26;
    public const int SIGPROF = 27;
    public static int SIGUSR1 => Darwin ? 30 : 10;
    public static int SIGUSR2 => Darwin ? 31 : 12;
    public static int SIGCHLD => Darwin ? 20 : 17;
    public static int SIGCONT => Darwin ? 19 : 18;
    public static int SIGSTOP => Darwin ? 17 : 19;
    public static int SIGTSTP => Darwin ? 18 : 20;
    public static int SIGWINCH => 28;

    // posix_spawn
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public static short POSIX_SPAWN_SETSID => Darwin ? (short)0x400 : (short)0x80;

    // waitpid
    public const int WNOHANG = 1;

    // syslog
    public const int LOG_PID = 0x01;
    public const int LOG_AUTH = 4 << 3;
    public const int LOG_NOTICE = 5;
    public const int LOG_INFO = 6;

    // utmpx
    public const short USER_PROCESS = 7;
    public const short DEAD_PROCESS = 8;
}
