namespace MoshAot.Client;

internal static class ClientCommand
{
    public static int Run(string argv0, string[] args)
    {
        Console.Error.Write($"{argv0}: not available in this build yet\n");
        return 1;
    }
}
