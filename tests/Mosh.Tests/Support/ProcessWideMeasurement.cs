namespace Mosh.Tests.Support;

/// <summary>
/// Tests that measure the whole process's heap (<see cref="GC.GetTotalMemory"/>): they run with
/// no other test beside them, since anything another test allocates meanwhile would count in.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurement
{
    public const string Name = "Process-wide measurements";
}
