namespace Mosh.Terminal.Parser;

/// <summary>
/// The states of Paul Williams' DEC VT500-series parser. The numbering is the row order of
/// <see cref="VtTransitionTable"/> (scripts/gen_vt_transitions.py); Ground is 0 so that a
/// default-initialised parser starts there.
/// </summary>
internal enum VtState : byte
{
    Ground = 0,
    Escape,
    EscapeIntermediate,
    CsiEntry,
    CsiParam,
    CsiIntermediate,
    CsiIgnore,
    DcsEntry,
    DcsParam,
    DcsIntermediate,
    DcsPassthrough,
    DcsIgnore,
    OscString,
    SosPmApcString,
}
