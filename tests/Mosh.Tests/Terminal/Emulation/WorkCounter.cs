using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Emulation;

/// <summary>
/// Measures the emulator's work without a clock: every row filled, copied or written takes a
/// new row identity (<see cref="RowIdAllocator"/>), so the identities handed out during an
/// action bound the cells it touched by that many rows.
/// </summary>
internal static class WorkCounter
{
    public static long RowIdentities(Action action)
    {
        // Identities come in per-thread blocks of 65536; a measurement that crossed into a new
        // block is taken again (one action never uses anywhere near a block here).
        for (int attempt = 0; ; attempt++)
        {
            long before = RowIdAllocator.Next();
            action();
            long after = RowIdAllocator.Next();
            long used = after - before - 1;
            if (used < 1 << 15 || attempt > 0)
                return used;
        }
    }
}
