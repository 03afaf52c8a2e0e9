namespace MoshAot.Sessions;

/// <summary>What the running session does for requests on its registry socket (protocol §14.2).</summary>
internal interface ISessionControlTarget
{
    /// <summary>The session as <c>mosh-server list</c> shows it.</summary>
    SessionInfo Describe();

    /// <summary>
    /// Gives the session a fresh key for a new client attaching from <paramref name="from"/>
    /// (the old one is retired) and writes <c>MOSH CONNECT &lt;port&gt; &lt;key&gt;\n</c> into
    /// <paramref name="line"/>; returns its length, or 0 with <paramref name="error"/> set.
    /// </summary>
    int Attach(string from, Span<byte> line, out string? error);
}
