namespace Mosh.Posix;

/// <summary>
/// Finds and loads compiled terminfo entries without ncurses, in ncurses' search order:
/// <c>$TERMINFO</c>, <c>~/.terminfo</c>, each entry of <c>$TERMINFO_DIRS</c> (an empty entry means
/// the system directories), then <c>/etc/terminfo</c>, <c>/lib/terminfo</c>, <c>/usr/share/terminfo</c>.
/// Within a directory both layouts are tried: <c>x/xterm</c> and the hashed <c>78/xterm</c> (macOS).
/// Replaces <c>tput</c>/<c>setupterm</c> for <c>mosh-client -c</c> and the renderer's capability flags.
/// </summary>
public static class TerminfoDatabase
{
    private static readonly string[] s_systemDirectories = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"];

    /// <summary>
    /// What ncurses' <c>setupterm</c> would decide for <paramref name="term"/> (its <c>errret</c>):
    /// usable, hardcopy, unknown (not found, or a generic entry that is not really generic), or
    /// no database (an unset or empty TERM, as ncurses reports it). <paramref name="entry"/> is
    /// the loaded entry when usable.
    /// </summary>
    public static TerminfoSetup Setup(string? term, out TerminfoEntry? entry)
    {
        entry = null;
        if (string.IsNullOrEmpty(term))
        {
            return TerminfoSetup.DatabaseNotFound;
        }
        List<string> directories = SearchDirectories();
        TerminfoEntry? found = LoadFile(Locate(term, directories));
        if (found is null)
        {
            return directories.Exists(Directory.Exists) ? TerminfoSetup.UnknownTerminal : TerminfoSetup.DatabaseNotFound;
        }
        if (found.GetFlag(TerminfoEntry.BoolGenericType))
        {
            // ncurses' sanity check for entries mis-typed "gn": one that can address the cursor and
            // clear the screen is "not really generic", which setupterm reports as errret 1.
            bool addressable = found.HasString(TerminfoEntry.StringCursorAddress)
                || (found.HasString(TerminfoEntry.StringCursorDown) && found.HasString(TerminfoEntry.StringCursorHome));
            return addressable && found.HasString(TerminfoEntry.StringClearScreen) ? TerminfoSetup.Hardcopy : TerminfoSetup.UnknownTerminal;
        }
        if (found.GetFlag(TerminfoEntry.BoolHardCopy))
        {
            return TerminfoSetup.Hardcopy;
        }
        entry = found;
        return TerminfoSetup.Ok;
    }

    /// <summary>Loads the entry for <c>$TERM</c>; null if unset or not found.</summary>
    public static TerminfoEntry? LoadForCurrentTerminal() => Load(Environment.GetEnvironmentVariable("TERM"));

    public static TerminfoEntry? Load(string? term) => LoadFile(Locate(term));

    private static TerminfoEntry? LoadFile(string? path)
    {
        if (path is null)
        {
            return null;
        }
        try
        {
            return TerminfoEntry.Parse(File.ReadAllBytes(path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The file that holds <paramref name="term"/>, or null.</summary>
    public static string? Locate(string? term) => Locate(term, SearchDirectories());

    internal static string? Locate(string? term, List<string> directories)
    {
        if (string.IsNullOrEmpty(term) || term.Contains('/') || term == "." || term == "..")
        {
            return null;
        }
        foreach (string directory in directories)
        {
            string? found = LocateIn(directory, term);
            if (found is not null)
            {
                return found;
            }
        }
        return null;
    }

    internal static List<string> SearchDirectories()
    {
        var list = new List<string>();
        string? terminfo = Environment.GetEnvironmentVariable("TERMINFO");
        if (!string.IsNullOrEmpty(terminfo))
        {
            list.Add(terminfo);
        }
        string? home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home))
        {
            list.Add(Path.Combine(home, ".terminfo"));
        }
        string? dirs = Environment.GetEnvironmentVariable("TERMINFO_DIRS");
        if (!string.IsNullOrEmpty(dirs))
        {
            foreach (string d in dirs.Split(':'))
            {
                if (d.Length == 0)
                {
                    list.AddRange(s_systemDirectories);
                }
                else
                {
                    list.Add(d);
                }
            }
        }
        list.AddRange(s_systemDirectories);
        return list;
    }

    private static string? LocateIn(string directory, string term)
    {
        string letter = Path.Combine(directory, term[..1], term);
        if (File.Exists(letter))
        {
            return letter;
        }
        string hashed = Path.Combine(directory, ((int)term[0]).ToString("x2", System.Globalization.CultureInfo.InvariantCulture), term);
        return File.Exists(hashed) ? hashed : null;
    }
}

/// <summary>The outcome of <see cref="TerminfoDatabase.Setup"/>, as ncurses' <c>setupterm</c> reports it in <c>errret</c>.</summary>
public enum TerminfoSetup
{
    /// <summary>errret 1 with success: the entry is usable.</summary>
    Ok,

    /// <summary>errret 1 with failure: a hardcopy terminal (or a "generic" one that is not).</summary>
    Hardcopy,

    /// <summary>errret 0: no such entry, or a generic type.</summary>
    UnknownTerminal,

    /// <summary>errret -1: no database, or TERM unset or empty.</summary>
    DatabaseNotFound,
}
