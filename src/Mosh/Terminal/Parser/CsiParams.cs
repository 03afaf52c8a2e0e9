using System.Runtime.CompilerServices;

namespace Mosh.Terminal.Parser;

/// <summary>
/// The numeric parameters of one control sequence, in fixed storage: hostile input can never
/// make it grow. A parameter that was empty or unparsable is "missing" (-1), one above 65535
/// is <see cref="TooLarge"/> (-2), and both read as the function's default through <see cref="Get"/>;
/// each function then substitutes its own default (an explicit 0 is kept as 0 here, because
/// SGR and `38;5;0` need it; functions that treat values &lt; 1 as default do that themselves).
/// Sub-parameters (ECMA-48's ':' form, e.g. <c>38:2::1:2:3</c>) are parameters of their own
/// marked by <see cref="IsSubParameter"/>; only SGR ever receives them.
/// </summary>
public struct CsiParams
{
    // Upstream keeps 100 parameter characters, i.e. at most 101 parameters (";;;…"): all fit.
    public const int Capacity = 101;
    public const int Missing = -1;

    /// <summary>A parameter above 65535: a function reads it as its default, as 1.4.0 does, except REP, which follows xterm and takes 65535.</summary>
    public const int TooLarge = -2;

    [InlineArray(Capacity)]
    private struct Values
    {
        private int _element0;
    }

    private Values _values;
    // Bit i: parameter i followed a ':' (it belongs to the parameter before it).
    private ulong _subLow;
    private ulong _subHigh;

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

    /// <summary>Whether any parameter is a sub-parameter (the sequence had a ':').</summary>
    public readonly bool HasSubParameters => (_subLow | _subHigh) != 0;

    /// <summary>Whether parameter <paramref name="index"/> came after a ':' (a sub-parameter of the one before).</summary>
    public readonly bool IsSubParameter(int index) =>
        (uint)index < (uint)Count && (index < 64 ? (_subLow >> index) & 1 : (_subHigh >> (index - 64)) & 1) != 0;

    public void Clear()
    {
        Count = 0;
        _subLow = 0;
        _subHigh = 0;
    }

    /// <summary>Appends a parameter; beyond <see cref="Capacity"/> parameters are dropped.</summary>
    public void Add(int value) => Add(value, subParameter: false);

    /// <summary>Appends a parameter, marked as a sub-parameter when it followed a ':'.</summary>
    public void Add(int value, bool subParameter)
    {
        if (Count < Capacity)
        {
            _values[Count] = value;
            if (subParameter)
            {
                if (Count < 64)
                    _subLow |= 1UL << Count;
                else
                    _subHigh |= 1UL << (Count - 64);
            }
            Count++;
        }
    }
}
