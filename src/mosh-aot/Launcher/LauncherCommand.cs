namespace MoshAot.Launcher;

internal static class LauncherCommand
{
    public static int Run(string argv0, string[] args)
    {
        Console.Error.Write($"{argv0}: not available in this build yet\n");
        return 1;
    }
}
