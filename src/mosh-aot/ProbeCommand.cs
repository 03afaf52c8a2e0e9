namespace MoshAot;

internal static class ProbeCommand
{
    public static int Run(string[] args)
    {
        Console.Error.Write("mosh-aot: probe is not available in this build yet\n");
        return 1;
    }
}
