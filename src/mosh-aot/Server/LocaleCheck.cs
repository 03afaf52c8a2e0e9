using System.Runtime.InteropServices;
using Mosh.Posix;

namespace MoshAot.Server;

/// <summary>
/// The locale rule of both programs (protocol §6.2): a session must run in a UTF-8 locale. The
/// native locale is adopted first (with upstream's warning when it is not installed); the server
/// then falls back to the client's variables (<c>-l NAME=VALUE</c>). On failure both print
/// upstream's explanation, then the output of <c>locale</c>, as upstream's <c>system("locale")</c>
/// does. Our emulator does not depend on the C library's locale; this is about the programs the
/// user runs in the session.
/// </summary>
internal static partial class LocaleCheck
{
    private const int LC_ALL = 6;
    private const int CODESET = 14; // langinfo item on glibc and musl
    private const int ENOENT = 2;

    /// <summary>The server's rule; false (after printing why and the locale listing) when no UTF-8 locale is available.</summary>
    public static bool EnsureUtf8(IReadOnlyList<string> clientAssignments, TextWriter stderr)
    {
        SetNativeLocale(stderr);
        if (IsUtf8()) return true;

        string nativeCtype = DescribeCtype();
        string nativeCharset = Charset();
        foreach (string name in Cli.LocaleVariables.Names) Environment.SetEnvironmentVariable(name, null);
        foreach (string assignment in clientAssignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq > 0) Environment.SetEnvironmentVariable(assignment[..eq], assignment[(eq + 1)..]);
        }
        SetNativeLocale(stderr);
        if (IsUtf8()) return true;

        stderr.Write("mosh-server needs a UTF-8 native locale to run.\n\n" +
                     $"Unfortunately, the local environment ({nativeCtype}) specifies\nthe character set \"{nativeCharset}\",\n\n" +
                     $"The client-supplied environment ({DescribeCtype()}) specifies\nthe character set \"{Charset()}\".\n\n");
        ShowLocale();
        return false;
    }

    /// <summary>The client's rule: false (after printing why and the locale listing) unless the native locale is UTF-8.</summary>
    public static bool ClientLocaleIsUtf8(TextWriter stderr)
    {
        if (IsUtf8()) return true;
        stderr.Write("mosh-client needs a UTF-8 native locale to run.\n\n" +
                     $"Unfortunately, the client's environment ({DescribeCtype()}) specifies\nthe character set \"{Charset()}\".\n\n");
        ShowLocale();
        return false;
    }

    /// <summary>
    /// Adopts the locale the environment selects (<c>setlocale(LC_ALL, "")</c>); when it is not
    /// installed, says so as upstream does.
    /// </summary>
    public static void SetNativeLocale(TextWriter stderr)
    {
        // Environment.SetEnvironmentVariable updates the managed copy only; the C library reads environ.
        SyncToNative();
        Marshal.SetLastPInvokeError(0);
        if (SetLocale(LC_ALL, "") != 0) return;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == ENOENT)
        {
            (string name, string value)? ctype = Ctype();
            stderr.Write($"The locale requested by {DescribeCtype()} isn't available here.\n");
            if (ctype is not null) stderr.Write($"Running `locale-gen {ctype.Value.value}' may be necessary.\n\n");
        }
        else
        {
            stderr.Write($"setlocale: {new Errno(errno).Message}\n");
        }
    }

    /// <summary>Whether the adopted locale's character set is UTF-8 (upstream's is_utf8_locale).</summary>
    public static bool IsUtf8() => Charset() is "UTF-8" or "utf-8";

    private static void SyncToNative()
    {
        foreach (string name in Cli.LocaleVariables.Names)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            if (value is null) UnsetEnv(name);
            else SetEnv(name, value, 1);
        }
    }

    /// <summary>The adopted locale's character set, with upstream's friendlier name for ASCII.</summary>
    public static string Charset()
    {
        string codeset = Marshal.PtrToStringUTF8(NlLangInfo(CODESET)) ?? "";
        return codeset == "ANSI_X3.4-1968" ? "US-ASCII" : codeset;
    }

    /// <summary>The variable that decides the character set, as upstream names it: <c>LANG=C</c>, or <c>[no charset variables]</c>.</summary>
    public static string DescribeCtype() => Ctype() is { } v ? $"{v.name}={v.value}" : "[no charset variables]";

    // As upstream: a variable that is set counts, even when empty.
    private static (string name, string value)? Ctype()
    {
        foreach (string name in (string[])["LC_ALL", "LC_CTYPE", "LANG"])
        {
            string? v = Environment.GetEnvironmentVariable(name);
            if (v is not null) return (name, v);
        }
        return null;
    }

    /// <summary>Runs <c>locale</c> through the shell with our (possibly changed) environment, as upstream's <c>system("locale")</c>.</summary>
    private static void ShowLocale()
    {
        string[] environment = ChildProcess.BuildEnvironment([]);
        int pid = ChildProcess.SpawnWithDescriptors("/bin/sh", ["sh", "-c", "locale"], environment, [0, 1, 2],
            newSession: false, searchPath: false, out _);
        if (pid > 0) ChildProcess.Wait(pid, noHang: false, out _, out _);
    }

    [LibraryImport("libc.so.6", EntryPoint = "setlocale", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint SetLocale(int category, string locale);

    [LibraryImport("libc.so.6", EntryPoint = "nl_langinfo")]
    private static partial nint NlLangInfo(int item);

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);
}
