namespace MoshAot.Cli;

/// <summary>
/// The locale variables mosh cares about: the launcher forwards each one that is set to the
/// server (-l NAME=VALUE), and the server clears them all before falling back to the client's.
/// </summary>
internal static class LocaleVariables
{
    public static readonly string[] Names =
    [
        "LANG", "LANGUAGE", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_MESSAGES",
        "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION", "LC_ALL",
    ];
}
