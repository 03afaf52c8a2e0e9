namespace Mosh.Terminal.Parser;

/// <summary>
/// What a transition does with its character; the high nibble of a <see cref="VtTransitionTable"/>
/// entry, in the generator's order.
/// </summary>
internal enum VtAction : byte
{
    None = 0,
    Print,
    Execute,
    Collect,
    Marker,
    Param,
    EscDispatch,
    CsiDispatch,
    OscPut,
}
