using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// Login records for the session's pty, as libutempter writes them for upstream (§6.4, §6.5):
/// host field <c>mosh [pid]</c> while detached, <c>&lt;addr&gt; via mosh [pid]</c> while a client is
/// attached. Writing utmp needs privileges mosh-server usually lacks, so every call fails quietly
/// and reports success as a bool.
/// </summary>
public static unsafe class Utmp
{
    // glibc struct utmpx on LP64 Linux (x86-64 and arm64 both define __WORDSIZE_TIME64_COMPAT32,
    // so ut_session and ut_tv are 32-bit fields).
    private const int RecordSize = 384;
    private const int TypeOffset = 0, PidOffset = 4, LineOffset = 8, LineSize = 32, IdOffset = 40, IdSize = 4;
    private const int UserOffset = 44, UserSize = 32, HostOffset = 76, HostSize = 256, TvOffset = 340;

    private static readonly Lock s_lock = new();
    private static string s_wtmpPath = "/var/log/wtmp";

    /// <summary>Records a user process on <paramref name="tty"/> (e.g. <c>/dev/pts/3</c>).</summary>
    public static bool Login(string tty, string host, int pid, string user) => Write(Constants.USER_PROCESS, tty, host, pid, user);

    /// <summary>Marks the entry for <paramref name="tty"/> dead.</summary>
    public static bool Logout(string tty, int pid) => Write(Constants.DEAD_PROCESS, tty, string.Empty, pid, string.Empty);

    /// <summary><c>mosh [pid]</c>: the host field of a detached session.</summary>
    public static string DetachedHost(int pid) => "mosh [" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary><c>&lt;address&gt; via mosh [pid]</c>: the host field while a client is attached.</summary>
    public static string AttachedHost(string address, int pid) => address + " via " + DetachedHost(pid);

    private static bool Write(short type, string tty, string host, int pid, string user)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        string line = tty.StartsWith("/dev/", StringComparison.Ordinal) ? tty[5..] : tty;
        byte* record = stackalloc byte[RecordSize];
        var r = new Span<byte>(record, RecordSize);
        r.Clear();
        BinaryPrimitives.WriteInt16LittleEndian(r[TypeOffset..], type);
        BinaryPrimitives.WriteInt32LittleEndian(r[PidOffset..], pid);
        Put(r.Slice(LineOffset, LineSize), line);
        // ut_id: the last four bytes of the line, as libutempter does ("pts/3" -> "ts/3", "pts/12" -> "s/12").
        Put(r.Slice(IdOffset, IdSize), line.Length > IdSize ? line[^IdSize..] : line);
        Put(r.Slice(UserOffset, UserSize), user);
        Put(r.Slice(HostOffset, HostSize), host);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteInt32LittleEndian(r[TvOffset..], (int)(now / 1000));
        BinaryPrimitives.WriteInt32LittleEndian(r[(TvOffset + 4)..], (int)(now % 1000 * 1000));
        lock (s_lock)
        {
            try
            {
                LibC.SetUtxEnt();
                bool ok = LibC.PutUtxLine(record) != null;
                LibC.EndUtxEnt();
                if (ok)
                {
                    byte* wtmp = NativeStringArray.NativeUtf8(s_wtmpPath);
                    LibC.UpdWtmpx(wtmp, record);
                    NativeMemory.Free(wtmp);
                }
                return ok;
            }
            catch (EntryPointNotFoundException)
            {
                return false; // musl and others without utmpx
            }
        }
    }

    private static void Put(Span<byte> field, string value)
    {
        // Truncate at a byte boundary; utmp fields need not be NUL-terminated when full.
        // Every char is at least one byte, so the first field.Length chars are all that can fit.
        ReadOnlySpan<char> chars = value.Length > field.Length ? value.AsSpan(0, field.Length) : value;
        int n = Math.Min(Encoding.UTF8.GetByteCount(chars), field.Length);
        Span<byte> tmp = stackalloc byte[Encoding.UTF8.GetByteCount(chars)];
        Encoding.UTF8.GetBytes(chars, tmp);
        tmp[..n].CopyTo(field);
    }

    /// <summary>Points the utmp and wtmp functions at other files (tests). Null restores the system files.</summary>
    internal static bool UseFiles(string? utmpPath, string? wtmpPath)
    {
        lock (s_lock)
        {
            s_wtmpPath = wtmpPath ?? "/var/log/wtmp";
            byte* p = NativeStringArray.NativeUtf8(utmpPath ?? "/var/run/utmp");
            try
            {
                return LibC.UtmpxName(p) == 0;
            }
            finally
            {
                NativeMemory.Free(p);
            }
        }
    }

    /// <summary>Reads the host field of the live entry for <paramref name="tty"/>, or null (tests, and the motd's session list).</summary>
    internal static string? FindHost(string tty, out short type, out int pid)
    {
        type = 0;
        pid = 0;
        string line = tty.StartsWith("/dev/", StringComparison.Ordinal) ? tty[5..] : tty;
        byte* key = stackalloc byte[RecordSize];
        var k = new Span<byte>(key, RecordSize);
        k.Clear();
        Put(k.Slice(LineOffset, LineSize), line);
        lock (s_lock)
        {
            LibC.SetUtxEnt();
            byte* found = (byte*)LibC.GetUtxLine(key);
            string? host = null;
            if (found != null)
            {
                var f = new ReadOnlySpan<byte>(found, RecordSize);
                type = BinaryPrimitives.ReadInt16LittleEndian(f[TypeOffset..]);
                pid = BinaryPrimitives.ReadInt32LittleEndian(f[PidOffset..]);
                ReadOnlySpan<byte> h = f.Slice(HostOffset, HostSize);
                int end = h.IndexOf((byte)0);
                host = Encoding.UTF8.GetString(end < 0 ? h : h[..end]);
            }
            LibC.EndUtxEnt();
            return host;
        }
    }
}
