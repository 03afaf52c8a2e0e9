using System.Runtime.InteropServices;

namespace MoshAot.Server;

/// <summary>
/// The server's locale rule (protocol §6.2): the session must run in a UTF-8 locale. The native
/// locale is tried first; if its character set is not UTF-8, the locale variables are cleared
/// and the client's (<c>-l NAME=VALUE</c>) applied instead. Our emulator does not depend on the
/// C library's locale; this is about the programs the user runs in the session.
/// </summary>
internal static partial class LocaleCheck
{
    private const int LC_ALL = 6;
    private const int CODESET = 14; // langinfo item on glibc and musl

    /// <summary>Applies the rule; false (with the explanation in <paramref name="error"/>) when no UTF-8 locale is available.</summary>
    public static bool EnsureUtf8(IReadOnlyList<string> clientAssignments, out string error)
    {
        error = "";
        if (IsNativeLocaleUtf8()) return true;

        string nativeCtype = DescribeCtype();
        string nativeCharset = Charset();
        foreach (string name in Cli.LocaleVariables.Names) Environment.SetEnvironmentVariable(name, null);
        foreach (string assignment in clientAssignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq > 0) Environment.SetEnvironmentVariable(assignment[..eq], assignment[(eq + 1)..]);
        }
        if (IsNativeLocaleUtf8()) return true;

        error = "mosh-server needs a UTF-8 native locale to run.\n\n" +
                $"Unfortunately, the local environment ({nativeCtype}) specifies\nthe character set \"{nativeCharset}\",\n\n" +
                $"The client-supplied environment ({DescribeCtype()}) specifies\nthe character set \"{Charset()}\".\n\n";
        return false;
    }

    /// <summary>Whether the locale the environment selects uses UTF-8 (upstream's set_native_locale + is_utf8_locale).</summary>
    public static bool IsNativeLocaleUtf8()
    {
        // Environment.SetEnvironmentVariable updates the managed copy only; the C library reads environ.
        SyncToNative();
        SetLocale(LC_ALL, "");
        string charset = Charset();
        return charset is "UTF-8" or "utf-8";
    }

    private static void SyncToNative()
    {
        foreach (string name in Cli.LocaleVariables.Names)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            if (value is null) UnsetEnv(name);
            else SetEnv(name, value, 1);
        }
    }

    public static string Charset() => Marshal.PtrToStringUTF8(NlLangInfo(CODESET)) ?? "";

    public static string DescribeCtype()
    {
        foreach (string name in (string[])["LC_ALL", "LC_CTYPE", "LANG"])
        {
            string? v = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrEmpty(v)) return $"{name}={v}";
        }
        return "[no charset variables]";
    }

    [LibraryImport("libc", EntryPoint = "setlocale", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint SetLocale(int category, string locale);

    [LibraryImport("libc", EntryPoint = "nl_langinfo")]
    private static partial nint NlLangInfo(int item);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);
}
