using System.Runtime.InteropServices;

namespace Mosh.Posix.Native;

// Blittable mirrors of C structs. Layouts are glibc's on LP64 (x86-64, arm64); where Darwin
// differs the difference is noted, and such code paths are Linux-only for now.

[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short REvents;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    public void* Base;
    public nuint Length;
}

/// <summary>glibc <c>struct msghdr</c>. Darwin uses 32-bit <c>msg_iovlen</c>/<c>msg_controllen</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MsgHdr
{
    public void* Name;
    public uint NameLength;
    public IoVec* Iov;
    public nuint IovLength;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary>glibc <c>struct cmsghdr</c> header; data follows, aligned to <c>size_t</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CMsgHdr
{
    public nuint Length;
    public int Level;
    public int Type;
}

/// <summary>glibc <c>struct addrinfo</c>. The BSDs swap <c>ai_canonname</c> and <c>ai_addr</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AddrInfo
{
    public int Flags;
    public int Family;
    public int SocketType;
    public int Protocol;
    public uint AddressLength;
    public byte* Address;
    public byte* CanonicalName;
    public AddrInfo* Next;
}

/// <summary>glibc <c>struct passwd</c>. Darwin adds <c>pw_change</c>, <c>pw_class</c>, <c>pw_expire</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Passwd
{
    public byte* Name;
    public byte* Password;
    public uint Uid;
    public uint Gid;
    public byte* Gecos;
    public byte* Directory;
    public byte* Shell;
}

/// <summary>glibc <c>struct timespec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}
