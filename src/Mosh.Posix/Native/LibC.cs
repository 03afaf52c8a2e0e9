using System.Runtime.InteropServices;

namespace Mosh.Posix.Native;

/// <summary>
/// Raw libc entry points (source-generated, blittable, no marshalling allocations).
/// Strings cross as NUL-terminated UTF-8 <c>byte*</c>; callers own the buffers.
/// Variadic functions (<c>open</c>, <c>fcntl</c>, <c>ioctl</c>, <c>syslog</c>) are declared with
/// their fixed arity, which matches the variadic convention on Linux x86-64/arm64 and Darwin
/// x86-64, but not Darwin arm64 (variadic arguments go on the stack there).
/// </summary>
internal static unsafe partial class LibC
{
    // The soname, not "libc": a bare name makes the runtime probe a dozen paths (liblibc.so,
    // libc.so — a linker script on Debian —, …) before it finds the library at every start.
    private const string Lib = "libc.so.6";

    // --- file descriptors ---
    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags, int mode);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int oldFd, int newFd);

    [LibraryImport(Lib, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Lib, EntryPoint = "isatty", SetLastError = true)]
    public static partial int IsATty(int fd);

    [LibraryImport(Lib, EntryPoint = "chdir", SetLastError = true)]
    public static partial int ChDir(byte* path);

    [LibraryImport(Lib, EntryPoint = "fchdir", SetLastError = true)]
    public static partial int FChDir(int fd);

    [LibraryImport(Lib, EntryPoint = "access", SetLastError = true)]
    public static partial int Access(byte* path, int mode);

    // --- terminals ---
    [LibraryImport(Lib, EntryPoint = "openpty", SetLastError = true)]
    public static partial int OpenPty(int* master, int* slave, byte* name, void* termios, void* winsize);

    /// <summary>
    /// glibc before 2.34 keeps openpty in libutil. Named by its soname: the unversioned
    /// <c>libutil.so</c> exists only where the development package is installed, which servers lack.
    /// </summary>
    [LibraryImport("libutil.so.1", EntryPoint = "openpty", SetLastError = true)]
    public static partial int OpenPtyLibUtil(int* master, int* slave, byte* name, void* termios, void* winsize);

    [LibraryImport(Lib, EntryPoint = "ttyname_r")]
    public static partial int TtyNameR(int fd, byte* buffer, nuint length);

    [LibraryImport(Lib, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, void* termios);

    [LibraryImport(Lib, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int optionalActions, void* termios);

    [LibraryImport(Lib, EntryPoint = "tcflush", SetLastError = true)]
    public static partial int TcFlush(int fd, int queueSelector);

    [LibraryImport(Lib, EntryPoint = "cfmakeraw")]
    public static partial void CfMakeRaw(void* termios);

    // --- poll ---
    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    // --- sockets ---
    [LibraryImport(Lib, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Lib, EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, byte* address, uint addressLength);

    [LibraryImport(Lib, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, byte* address, uint* addressLength);

    [LibraryImport(Lib, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint valueLength);

    [LibraryImport(Lib, EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, uint addressLength);

    [LibraryImport(Lib, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint RecvMsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Lib, EntryPoint = "getaddrinfo")]
    public static partial int GetAddrInfo(byte* node, byte* service, AddrInfo* hints, AddrInfo** result);

    [LibraryImport(Lib, EntryPoint = "freeaddrinfo")]
    public static partial void FreeAddrInfo(AddrInfo* list);

    [LibraryImport(Lib, EntryPoint = "getnameinfo")]
    public static partial int GetNameInfo(byte* address, uint addressLength, byte* host, uint hostLength, byte* service, uint serviceLength, int flags);

    [LibraryImport(Lib, EntryPoint = "gai_strerror")]
    public static partial byte* GaiStrError(int code);

    // --- errors ---
    /// <summary>XSI <c>strerror_r</c> (glibc's default <c>strerror_r</c> symbol is the GNU variant).</summary>
    [LibraryImport(Lib, EntryPoint = "__xpg_strerror_r")]
    public static partial int StrErrorR(int errnum, byte* buffer, nuint length);

    // --- signals and processes ---
    [LibraryImport(Lib, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport(Lib, EntryPoint = "killpg", SetLastError = true)]
    public static partial int KillPg(int processGroup, int signal);

    [LibraryImport(Lib, EntryPoint = "raise", SetLastError = true)]
    public static partial int Raise(int signal);

    /// <summary><c>signal(2)</c> with <c>SIG_DFL</c> = 0 and <c>SIG_IGN</c> = 1 as handler values.</summary>
    [LibraryImport(Lib, EntryPoint = "signal", SetLastError = true)]
    public static partial nint Signal(int signal, nint handler);

    [LibraryImport(Lib, EntryPoint = "sigemptyset", SetLastError = true)]
    public static partial int SigEmptySet(void* set);

    [LibraryImport(Lib, EntryPoint = "sigaddset", SetLastError = true)]
    public static partial int SigAddSet(void* set, int signal);

    [LibraryImport(Lib, EntryPoint = "posix_spawn")]
    public static partial int PosixSpawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Lib, EntryPoint = "posix_spawnp")]
    public static partial int PosixSpawnP(int* pid, byte* file, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int SpawnFileActionsInit(void* actions);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int SpawnFileActionsDestroy(void* actions);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int SpawnFileActionsAddOpen(void* actions, int fd, byte* path, int flags, int mode);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int SpawnFileActionsAddDup2(void* actions, int fd, int newFd);

    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addclose")]
    public static partial int SpawnFileActionsAddClose(void* actions, int fd);

    /// <summary>glibc 2.29+: callers fall back when the entry point is missing (see ChildProcess).</summary>
    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static partial int SpawnFileActionsAddChdir(void* actions, byte* path);

    /// <summary>glibc 2.34+: callers fall back when the entry point is missing (see ChildProcess).</summary>
    [LibraryImport(Lib, EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    public static partial int SpawnFileActionsAddCloseFrom(void* actions, int lowFd);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_init")]
    public static partial int SpawnAttrInit(void* attributes);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_destroy")]
    public static partial int SpawnAttrDestroy(void* attributes);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setflags")]
    public static partial int SpawnAttrSetFlags(void* attributes, short flags);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int SpawnAttrSetSigDefault(void* attributes, void* signals);

    [LibraryImport(Lib, EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int SpawnAttrSetSigMask(void* attributes, void* signals);

    [LibraryImport(Lib, EntryPoint = "execve", SetLastError = true)]
    public static partial int ExecVE(byte* path, byte** argv, byte** envp);

    [LibraryImport(Lib, EntryPoint = "execvpe", SetLastError = true)]
    public static partial int ExecVPE(byte* file, byte** argv, byte** envp);

    [LibraryImport(Lib, EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport(Lib, EntryPoint = "getpid")]
    public static partial int GetPid();

    [LibraryImport(Lib, EntryPoint = "getppid")]
    public static partial int GetPPid();

    [LibraryImport(Lib, EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();

    [LibraryImport(Lib, EntryPoint = "getsid", SetLastError = true)]
    public static partial int GetSid(int pid);

    [LibraryImport(Lib, EntryPoint = "getpgrp")]
    public static partial int GetPgrp();

    [LibraryImport(Lib, EntryPoint = "getuid")]
    public static partial uint GetUid();

    [LibraryImport(Lib, EntryPoint = "getpwuid_r")]
    public static partial int GetPwUidR(uint uid, Passwd* entry, byte* buffer, nuint bufferLength, Passwd** result);

    [LibraryImport(Lib, EntryPoint = "gethostname", SetLastError = true)]
    public static partial int GetHostName(byte* name, nuint length);

    // --- utmp and syslog ---
    [LibraryImport(Lib, EntryPoint = "setutxent")]
    public static partial void SetUtxEnt();

    [LibraryImport(Lib, EntryPoint = "endutxent")]
    public static partial void EndUtxEnt();

    [LibraryImport(Lib, EntryPoint = "pututxline", SetLastError = true)]
    public static partial void* PutUtxLine(void* entry);

    [LibraryImport(Lib, EntryPoint = "getutxline", SetLastError = true)]
    public static partial void* GetUtxLine(void* entry);

    [LibraryImport(Lib, EntryPoint = "utmpxname", SetLastError = true)]
    public static partial int UtmpxName(byte* file);

    [LibraryImport(Lib, EntryPoint = "updwtmpx")]
    public static partial void UpdWtmpx(byte* file, void* entry);

    [LibraryImport(Lib, EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int ClockGetTime(int clock, TimeSpec* time);

    [LibraryImport(Lib, EntryPoint = "openlog")]
    public static partial void OpenLog(byte* ident, int options, int facility);

    [LibraryImport(Lib, EntryPoint = "syslog")]
    public static partial void SysLog(int priority, byte* format, byte* argument);

    [LibraryImport(Lib, EntryPoint = "closelog")]
    public static partial void CloseLog();
}
