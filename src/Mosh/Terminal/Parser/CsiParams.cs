using System.Runtime.CompilerServices;

namespace Mosh.Terminal.Parser;

/// <summary>
/// The numeric parameters of one control sequence, in fixed storage: hostile input can never
/// make it grow. A parameter that was empty, unparsable or above 65535 is "missing" (-1);
/// each function then substitutes its own default (an explicit 0 is kept as 0 here, because
/// SGR and `38;5;0` need it; functions that treat values &lt; 1 as default do that themselves).
/// </summary>
public struct CsiParams
{
    // Upstream keeps 100 parameter characters, i.e. at most 101 parameters (";;;…"): all fit.
    public const int Capacity = 101;
    public const int Missing = -1;

    [InlineArray(Capacity)]
    private struct Values
    {
        private int _element0;
    }

    private Values _values;

    /// <summary>How many parameters were given (separated by ';'); 0 for none at all.</summary>
    public int Count { get; private set; }

    /// <summary>Parameter <paramref name="index"/>, or <see cref="Missing"/> when absent or beyond <see cref="Count"/>.</summary>
    public readonly int this[int index] => (uint)index < (uint)Count ? _values[index] : Missing;

    /// <summary>Parameter <paramref name="index"/>, with values below 1 (missing or explicit 0) replaced by <paramref name="defaultValue"/>.</summary>
    public readonly int Get(int index, int defaultValue)
    {
        int v = this[index];
        return v < 1 ? defaultValue : v;
    }

    public void Clear() => Count = 0;

    /// <summary>Appends a parameter; beyond <see cref="Capacity"/> parameters are dropped.</summary>
    public void Add(int value)
    {
        if (Count < Capacity)
        {
            _values[Count] = value;
            Count++;
        }
    }
}
