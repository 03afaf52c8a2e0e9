namespace Mosh.Terminal.Screen;

/// <summary>
/// One OSC 8 hyperlink: its parameters (e.g. <c>id=foo</c>, kept verbatim) and its URI. Immutable,
/// so framebuffers and their copies share it. Both parts are printable ASCII (0x20–0x7E) by
/// construction (the emulator refuses anything else), so re-emitting them can never inject a control.
/// </summary>
public sealed class Hyperlink
{
    /// <summary>Longest URI kept (bytes), as in VTE; a longer one is not made a link.</summary>
    public const int MaxUriLength = 2083;

    /// <summary>Longest parameter string kept (bytes), as VTE's limit on <c>id</c>.</summary>
    public const int MaxParametersLength = 250;

    // "params" then "uri", one allocation per distinct link.
    private readonly byte[] _data;
    private readonly int _parametersLength;

    internal Hyperlink(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> uri, int hash)
    {
        _data = new byte[parameters.Length + uri.Length];
        parameters.CopyTo(_data);
        uri.CopyTo(_data.AsSpan(parameters.Length));
        _parametersLength = parameters.Length;
        Hash = hash;
    }

    /// <summary>The parameters as given between the first and second <c>;</c> (may be empty).</summary>
    public ReadOnlySpan<byte> Parameters => _data.AsSpan(0, _parametersLength);

    /// <summary>The URI (never empty: an empty URI ends a link instead).</summary>
    public ReadOnlySpan<byte> Uri => _data.AsSpan(_parametersLength);

    /// <summary>Bytes this link accounts for in a <see cref="HyperlinkTable"/>.</summary>
    internal int Size => _data.Length;

    internal int Hash { get; }

    internal static int ComputeHash(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> uri)
    {
        var hash = new HashCode();
        hash.AddBytes(parameters);
        hash.Add(-1);
        hash.AddBytes(uri);
        return hash.ToHashCode();
    }

    internal bool Matches(ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> uri) =>
        parameters.SequenceEqual(Parameters) && uri.SequenceEqual(Uri);

    /// <summary>Same parameters and URI (the same object, usually).</summary>
    public static bool AreEqual(Hyperlink? a, Hyperlink? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.Hash == b.Hash && a.Matches(b.Parameters, b.Uri));

    public override string ToString() => $"{System.Text.Encoding.ASCII.GetString(Parameters)};{System.Text.Encoding.ASCII.GetString(Uri)}";
}
