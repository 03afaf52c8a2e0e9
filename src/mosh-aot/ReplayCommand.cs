namespace MoshAot;

internal static class ReplayCommand
{
    public static int Run(string[] args)
    {
        Console.Error.Write("mosh-aot: replay is not available in this build yet\n");
        return 1;
    }
}
