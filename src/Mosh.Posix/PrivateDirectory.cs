using System.Runtime.InteropServices;
using System.Text;
using Mosh.Posix.Native;

namespace Mosh.Posix;

/// <summary>
/// A directory only its owner can use (the per-user session registry, protocol §14.2): created
/// with mode 0700, and before every use checked to be a real directory (not a symbolic link)
/// owned by the effective user with no access for group or others, as tmux checks its own.
/// </summary>
public static unsafe class PrivateDirectory
{
    private const uint ModeTypeMask = 0xF000;
    private const uint ModeDirectory = 0x4000;
    private const uint ModeSocket = 0xC000;

    /// <summary>The effective user id (the one the kernel reports to socket peers).</summary>
    public static uint EffectiveUid => LibC.GetEUid();

    /// <summary>Creates <paramref name="path"/> (mode 0700) unless it exists, then checks it; null when usable, else why not.</summary>
    public static string? Ensure(string path)
    {
        byte[] p = Terminated(path);
        fixed (byte* raw = p)
        {
            if (LibC.MkDir(raw, 0x1C0) != 0)
            {
                Errno e = Errno.Last;
                if (e.Value != Constants.EEXIST) return $"cannot create {path}: {e.Message}";
            }
        }
        return Check(path);
    }

    /// <summary>Null when <paramref name="path"/> is a directory of ours with mode 0700 (or stricter), else why not.</summary>
    public static string? Check(string path)
    {
        Errno e = Status(path, out uint owner, out uint mode);
        if (e.IsError) return $"cannot use {path}: {e.Message}";
        if ((mode & ModeTypeMask) != ModeDirectory) return $"{path} is not a directory";
        uint me = EffectiveUid;
        if (owner != me) return $"{path} belongs to uid {owner}, not to uid {me}";
        if ((mode & 0x3F) != 0) return $"{path} is accessible to other users (mode {Convert.ToString(mode & 0xFFF, 8)}); it must be 700";
        return null;
    }

    /// <summary>Whether <paramref name="path"/> is a Unix-domain socket (not following a symbolic link).</summary>
    public static bool IsSocket(string path) => !Status(path, out _, out uint mode).IsError && (mode & ModeTypeMask) == ModeSocket;

    /// <summary>Removes a file; a missing one is not an error.</summary>
    public static Errno Unlink(string path)
    {
        byte[] p = Terminated(path);
        fixed (byte* raw = p)
        {
            if (LibC.Unlink(raw) == 0) return Errno.None;
            Errno e = Errno.Last;
            return e.Value == Constants.ENOENT ? Errno.None : e;
        }
    }

    /// <summary>Owner and mode of <paramref name="path"/> itself (statx with AT_SYMLINK_NOFOLLOW).</summary>
    public static Errno Status(string path, out uint owner, out uint mode)
    {
        owner = uint.MaxValue;
        mode = 0;
        nint number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 when OperatingSystem.IsLinux() => 332,
            Architecture.Arm64 when OperatingSystem.IsLinux() => 291,
            _ => -1,
        };
        if (number < 0) return new Errno(Constants.ENOSYS);
        byte[] p = Terminated(path);
        // struct statx is 256 bytes: stx_uid at offset 20, stx_mode (16 bits) at 28.
        byte* buffer = stackalloc byte[256];
        fixed (byte* raw = p)
        {
            const int StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8;
            if (LibC.Syscall(number, Constants.AT_FDCWD, (nint)raw, Constants.AT_SYMLINK_NOFOLLOW,
                    StatxType | StatxMode | StatxUid, (nint)buffer) != 0)
                return Errno.Last;
        }
        owner = *(uint*)(buffer + 20);
        mode = *(ushort*)(buffer + 28);
        return Errno.None;
    }

    private static byte[] Terminated(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
