using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// Starting and reaping processes with <c>posix_spawn</c>. Managed code must not <c>fork()</c>: the
/// runtime's other threads (GC, finalizer, signal thread) vanish in the child and any lock they
/// held stays locked. <c>posix_spawn</c> does the whole fork-to-exec path inside libc (vfork/clone).
/// </summary>
public static unsafe class ChildProcess
{
    // Generous upper bounds for the opaque libc objects (glibc: 80 and 336 bytes; Darwin: one pointer each).
    private const int FileActionsSize = 256;
    private const int AttributesSize = 512;
    private const int SigSetSize = 128;

    /// <summary>
    /// Spawns the session's program on a pseudo-terminal. The child starts a new session
    /// (<c>POSIX_SPAWN_SETSID</c>, glibc 2.26+, applied before the file actions), then opens the
    /// slave's path on fd 0 — as a session leader without a controlling terminal, that open makes the
    /// pty its controlling terminal — and duplicates it to 1 and 2. Every other descriptor is closed
    /// in the child, close-on-exec or not: whatever the server inherited (from sshd, say) never
    /// reaches the user's shell. All caught or ignored signals are reset to default (the server
    /// ignores SIGHUP/SIGPIPE), and the signal mask is emptied.
    /// </summary>
    /// <param name="pty">The pair; both ends are closed in the child, the caller closes the slave after spawning.</param>
    /// <param name="file">Program to run: a path, or with <paramref name="searchPath"/> a name looked up in PATH (execvp semantics).</param>
    /// <param name="argv">Full argv including argv[0] (e.g. "-bash" for a login shell).</param>
    /// <param name="environment">Complete environment as NAME=VALUE strings.</param>
    /// <param name="workingDirectory">Directory to change to first; spawning fails if the chdir fails, so check it beforehand.</param>
    /// <returns>The child's pid, or -1 with <paramref name="error"/> set.</returns>
    public static int SpawnOnPty(in PtyPair pty, string file, ReadOnlySpan<string> argv, ReadOnlySpan<string> environment,
        string? workingDirectory, bool searchPath, out Errno error)
    {
        string? slavePath = Pty.TerminalName(pty.Slave, out error);
        if (slavePath is null)
        {
            return -1;
        }
        byte* actions = stackalloc byte[FileActionsSize];
        byte* attributes = stackalloc byte[AttributesSize];
        byte* path = NativeStringArray.NativeUtf8(slavePath);
        byte* directory = workingDirectory is null ? null : NativeStringArray.NativeUtf8(workingDirectory);
        LibC.SpawnFileActionsInit(actions);
        LibC.SpawnAttrInit(attributes);
        try
        {
            int r = LibC.SpawnFileActionsAddOpen(actions, 0, path, Constants.O_RDWR, 0);
            if (r == 0) r = LibC.SpawnFileActionsAddDup2(actions, 0, 1);
            if (r == 0) r = LibC.SpawnFileActionsAddDup2(actions, 0, 2);
            if (r == 0) r = AddCloseFrom(actions, 3);
            bool chdirInChild = directory != null && HasChdirAction != false;
            if (r == 0 && chdirInChild) r = AddChdir(actions, directory, out chdirInChild);
            if (r == 0) r = ConfigureAttributes(attributes, newSession: true);
            if (r != 0)
            {
                error = new Errno(r);
                return -1;
            }
            if (directory != null && !chdirInChild)
            {
                return SpawnInDirectory(directory, file, argv, environment, actions, attributes, searchPath, out error);
            }
            return Spawn(file, argv, environment, actions, attributes, searchPath, out error);
        }
        finally
        {
            LibC.SpawnFileActionsDestroy(actions);
            LibC.SpawnAttrDestroy(attributes);
            System.Runtime.InteropServices.NativeMemory.Free(path);
            System.Runtime.InteropServices.NativeMemory.Free(directory);
        }
    }

    /// <summary>
    /// Spawns a detached process (the server daemon re-executing itself, see <see cref="SelfExecutablePath"/>)
    /// in a new session. <paramref name="inheritedFds"/>[i] becomes fd i in the child; every other
    /// descriptor is closed in the child, close-on-exec or not.
    /// </summary>
    public static int SpawnDetached(string path, ReadOnlySpan<string> argv, ReadOnlySpan<string> environment,
        ReadOnlySpan<int> inheritedFds, out Errno error) =>
        SpawnWithDescriptors(path, argv, environment, inheritedFds, newSession: true, searchPath: false, out error);

    /// <summary>
    /// Spawns a program whose descriptors 0..n-1 are <paramref name="inheritedFds"/> (all others
    /// closed), optionally in a new session. Without a new session the child keeps our controlling
    /// terminal — what ssh needs to ask for a password.
    /// </summary>
    public static int SpawnWithDescriptors(string path, ReadOnlySpan<string> argv, ReadOnlySpan<string> environment,
        ReadOnlySpan<int> inheritedFds, bool newSession, bool searchPath, out Errno error)
    {
        const int TemporaryFloor = 100;
        byte* actions = stackalloc byte[FileActionsSize];
        byte* attributes = stackalloc byte[AttributesSize];
        Span<int> temporaries = stackalloc int[inheritedFds.Length];
        temporaries.Fill(-1);
        LibC.SpawnFileActionsInit(actions);
        LibC.SpawnAttrInit(attributes);
        try
        {
            // Move the sources out of the way first so "dup2(a, i)" can never clobber a later source.
            int r = 0;
            for (int i = 0; i < inheritedFds.Length; i++)
            {
                temporaries[i] = FileDescriptor.DuplicateAtLeast(inheritedFds[i], TemporaryFloor, out error);
                if (temporaries[i] < 0)
                {
                    return -1;
                }
            }
            for (int i = 0; i < inheritedFds.Length && r == 0; i++)
            {
                r = LibC.SpawnFileActionsAddDup2(actions, temporaries[i], i);
            }
            if (r == 0) r = AddCloseFrom(actions, inheritedFds.Length);
            if (r == 0) r = ConfigureAttributes(attributes, newSession);
            if (r != 0)
            {
                error = new Errno(r);
                return -1;
            }
            return Spawn(path, argv, environment, actions, attributes, searchPath, out error);
        }
        finally
        {
            foreach (int t in temporaries)
            {
                if (t >= 0)
                {
                    LibC.Close(t);
                }
            }
            LibC.SpawnFileActionsDestroy(actions);
            LibC.SpawnAttrDestroy(attributes);
        }
    }

    /// <summary>
    /// Replaces the current process image (<c>execve</c>, or <c>execvpe</c> with PATH search). Unlike
    /// fork, exec is safe from a multi-threaded process: every thread goes away with the old image.
    /// Intended for a small helper started on the pty (e.g. one that shows the motd and waits for the
    /// release line, as 1.4.0's session child does) before it becomes the user's shell. Returns only on failure.
    /// Signal dispositions are not reset here: handlers reset themselves on exec, ignored signals stay ignored.
    /// </summary>
    public static Errno ReplaceProcess(string file, ReadOnlySpan<string> argv, ReadOnlySpan<string> environment, bool searchPath)
    {
        byte* program = NativeStringArray.NativeUtf8(file);
        var args = new NativeStringArray(argv);
        var env = new NativeStringArray(environment);
        try
        {
            if (searchPath && OperatingSystem.IsLinux())
            {
                LibC.ExecVPE(program, args.Pointer, env.Pointer);
            }
            else
            {
                LibC.ExecVE(program, args.Pointer, env.Pointer);
            }
            return Errno.Last;
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(program);
            args.Dispose();
            env.Dispose();
        }
    }

    /// <summary>
    /// The path that starts the running binary again: its real path, as the kernel reports it
    /// (<c>readlink /proc/self/exe</c>), or <c>/proc/self/exe</c> itself if that file is gone.
    /// Not <c>/proc/self/exe</c> first: when the binary runs under a binfmt_misc emulator (an arm64
    /// build under qemu-user on x86-64, say), the kernel's <c>/proc/self/exe</c> is the emulator.
    /// Emulators answer the readlink with the emulated program, but not every one of them redirects
    /// an exec of <c>/proc/self/exe</c>.
    /// </summary>
    public static string SelfExecutablePath
    {
        get
        {
            string? path = Environment.ProcessPath;
            return path is not null && Path.IsPathRooted(path) && File.Exists(path) ? path : "/proc/self/exe";
        }
    }

    /// <summary>
    /// Whether libc has <c>posix_spawn_file_actions_addclosefrom_np</c> (glibc 2.34+) and
    /// <c>posix_spawn_file_actions_addchdir_np</c> (glibc 2.29+): null until a spawn finds out.
    /// Without them the same effect comes another way (see <see cref="AddCloseFrom"/> and
    /// <see cref="SpawnInDirectory"/>). Settable so tests take the older-glibc paths here too.
    /// </summary>
    internal static bool? HasCloseFromAction { get; set; }

    /// <inheritdoc cref="HasCloseFromAction"/>
    internal static bool? HasChdirAction { get; set; }

    /// <summary>
    /// Adds file actions that close every descriptor from <paramref name="lowFd"/> up in the child:
    /// one <c>closefrom</c> action where libc has it, else one close action per descriptor open
    /// now. The fallback misses only descriptors opened between now and the spawn by other threads;
    /// the runtime opens all of its own close-on-exec. A close action for a descriptor that is not
    /// open in the child is not an error (glibc reports only out-of-range numbers).
    /// </summary>
    private static int AddCloseFrom(byte* actions, int lowFd)
    {
        if (HasCloseFromAction != false && OperatingSystem.IsLinux())
        {
            try
            {
                int r = LibC.SpawnFileActionsAddCloseFrom(actions, lowFd);
                HasCloseFromAction = true;
                return r;
            }
            catch (EntryPointNotFoundException)
            {
                HasCloseFromAction = false;
            }
        }
        foreach (int fd in OpenDescriptors())
        {
            if (fd >= lowFd)
            {
                int r = LibC.SpawnFileActionsAddClose(actions, fd);
                if (r != 0)
                {
                    return r;
                }
            }
        }
        return 0;
    }

    /// <summary>The descriptors open in this process (from <c>/proc/self/fd</c>, or <c>/dev/fd</c>).</summary>
    private static List<int> OpenDescriptors()
    {
        var fds = new List<int>();
        string directory = OperatingSystem.IsLinux() ? "/proc/self/fd" : "/dev/fd";
        foreach (string entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (int.TryParse(Path.GetFileName(entry), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int fd))
            {
                fds.Add(fd);
            }
        }
        return fds;
    }

    /// <summary>A chdir file action; <paramref name="added"/> is false where libc lacks it (glibc &lt; 2.29).</summary>
    private static int AddChdir(byte* actions, byte* directory, out bool added)
    {
        try
        {
            int r = LibC.SpawnFileActionsAddChdir(actions, directory);
            HasChdirAction = true;
            added = true;
            return r;
        }
        catch (EntryPointNotFoundException)
        {
            HasChdirAction = false;
            added = false;
            return 0;
        }
    }

    /// <summary>
    /// Without a chdir file action the child inherits the parent's working directory, so the parent
    /// moves there for the spawn and back afterwards. Our callers spawn from one thread and resolve
    /// no relative path meanwhile.
    /// </summary>
    private static int SpawnInDirectory(byte* directory, string file, ReadOnlySpan<string> argv, ReadOnlySpan<string> environment,
        byte* actions, byte* attributes, bool searchPath, out Errno error)
    {
        int previous;
        fixed (byte* dot = "."u8)
        {
            previous = LibC.Open(dot, Constants.O_RDONLY | Constants.O_CLOEXEC, 0);
        }
        if (LibC.ChDir(directory) != 0)
        {
            error = Errno.Last;
            if (previous >= 0) LibC.Close(previous);
            return -1;
        }
        try
        {
            return Spawn(file, argv, environment, actions, attributes, searchPath, out error);
        }
        finally
        {
            if (previous >= 0)
            {
                LibC.FChDir(previous);
                LibC.Close(previous);
            }
            else
            {
                fixed (byte* root = "/"u8)
                {
                    LibC.ChDir(root);
                }
            }
        }
    }

    private static int ConfigureAttributes(byte* attributes, bool newSession)
    {
        byte* defaults = stackalloc byte[SigSetSize];
        byte* mask = stackalloc byte[SigSetSize];
        LibC.SigEmptySet(defaults);
        LibC.SigEmptySet(mask);
        // Every classic signal back to SIG_DFL: SIG_IGN survives exec (the server ignores SIGHUP and
        // SIGPIPE, the runtime ignores SIGPIPE); caught ones are reset by exec anyway.
        for (int s = 1; s < 32; s++)
        {
            if (s != Constants.SIGKILL && s != Constants.SIGSTOP)
            {
                LibC.SigAddSet(defaults, s);
            }
        }
        short flags = (short)(Constants.POSIX_SPAWN_SETSIGDEF | Constants.POSIX_SPAWN_SETSIGMASK);
        if (newSession)
        {
            flags |= Constants.POSIX_SPAWN_SETSID;
        }
        int r = LibC.SpawnAttrSetSigDefault(attributes, defaults);
        if (r == 0) r = LibC.SpawnAttrSetSigMask(attributes, mask);
        if (r == 0) r = LibC.SpawnAttrSetFlags(attributes, flags);
        return r;
    }

    private static int Spawn(string file, ReadOnlySpan<string> argv, ReadOnlySpan<string> environment,
        byte* actions, byte* attributes, bool searchPath, out Errno error)
    {
        byte* program = NativeStringArray.NativeUtf8(file);
        var args = new NativeStringArray(argv);
        var env = new NativeStringArray(environment);
        try
        {
            int pid;
            int r = searchPath
                ? LibC.PosixSpawnP(&pid, program, actions, attributes, args.Pointer, env.Pointer)
                : LibC.PosixSpawn(&pid, program, actions, attributes, args.Pointer, env.Pointer);
            if (r != 0)
            {
                error = new Errno(r);
                return -1;
            }
            error = Errno.None;
            return pid;
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(program);
            args.Dispose();
            env.Dispose();
        }
    }

    /// <summary>
    /// <c>waitpid</c>, retried on <c>EINTR</c>. Returns the reaped pid, 0 if <paramref name="noHang"/> and
    /// the child is still running, or -1 with <paramref name="error"/> (ECHILD if there is no such child).
    /// </summary>
    public static int Wait(int pid, bool noHang, out ExitStatus status, out Errno error)
    {
        int raw = 0;
        int r;
        while ((r = LibC.WaitPid(pid, &raw, noHang ? Constants.WNOHANG : 0)) < 0 && Errno.Last.IsInterrupted)
        {
        }
        error = r < 0 ? Errno.Last : Errno.None;
        status = new ExitStatus(r > 0 ? raw : 0);
        return r;
    }

    /// <summary>The current environment as NAME=VALUE strings, with <paramref name="overrides"/> applied
    /// (a null value removes the variable). Startup-time helper for building a child's environment.</summary>
    public static string[] BuildEnvironment(ReadOnlySpan<KeyValuePair<string, string?>> overrides)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            map[(string)e.Key] = (string?)e.Value ?? string.Empty;
        }
        foreach (KeyValuePair<string, string?> kv in overrides)
        {
            if (kv.Value is null)
            {
                map.Remove(kv.Key);
            }
            else
            {
                map[kv.Key] = kv.Value;
            }
        }
        var result = new string[map.Count];
        int i = 0;
        foreach (KeyValuePair<string, string> kv in map)
        {
            result[i++] = kv.Key + "=" + kv.Value;
        }
        return result;
    }
}
